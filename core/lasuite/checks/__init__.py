"""``lasuite check``: is this installation's configuration sound, and does every service
it names answer? One line per check, with the fix of each problem."""
