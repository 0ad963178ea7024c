"""라이브커머스·촬영 / Studio & photos: the bookings workspace and its pages."""
