// kesu behaviours (no inline scripts: everything is wired here)
