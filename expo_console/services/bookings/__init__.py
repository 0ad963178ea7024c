"""The studio's broadcasts and the photo corner's shoots: booking requests, the allocator, the schedule."""
