def leadership_demo(ctx):
    pass
