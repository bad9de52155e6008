"""lasuite chat: channels, direct messages and threads."""
