"""Audit actions of the audit app itself (key rotation), with their Chinese labels."""

ACTIONS = {"keys.rotate": "个人数据密钥轮换"}
TARGETS = {"keys": "个人数据密钥"}
FIELDS = {
    "key_id": "当前密钥标识",
    "rehash": "重算查找哈希",
    "reencrypted": "重新加密",
    "rehashed": "重算哈希",
    "mismatched": "哈希不一致",
    "unreadable": "无法解密",
}
