"""Zone traffic: counted zones and their settings, a day's occupancy, its report and exports."""
