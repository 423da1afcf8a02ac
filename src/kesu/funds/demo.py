def funds_demo(ctx):
    pass
