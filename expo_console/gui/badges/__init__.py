"""Badge preview and printing at the registration desk."""
