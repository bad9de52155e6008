"""Who may do what: the permission catalogue, the actor and the route guard."""
