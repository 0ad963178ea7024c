"""The consultation zone (상담) in the window."""
