"""Audit actions of the demo data, with their Chinese labels."""

ACTIONS = {"demo.generate": "生成演示数据", "demo.reset": "清除演示数据"}
TARGETS = {"demo": "演示数据"}
FIELDS = {
    "scale": "规模",
    "seed": "随机种子",
    "organizations": "工会组织数",
    "members": "会员数",
    "users": "演示账号",
    "seconds": "用时（秒）",
}
