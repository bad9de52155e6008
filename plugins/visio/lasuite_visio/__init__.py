"""lasuite visio: video meeting rooms."""
