"""lasuite docs: collaborative documents."""
