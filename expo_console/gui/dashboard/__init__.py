"""The dashboard workspace: live zone occupancy and traffic from the scans."""
