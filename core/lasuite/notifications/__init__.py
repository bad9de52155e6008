"""Notifications: kinds plugins declare, stored per user, delivered live and by e-mail."""
