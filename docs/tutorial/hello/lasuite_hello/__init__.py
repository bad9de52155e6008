"""Hello, the plugin of the plugin authors' tutorial: members greet their organization."""
