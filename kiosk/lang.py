"""Interface language codes ("zh_CN", "en") to the keys of bilingual catalog text ("zh", "en")."""


def lang_key(language: str) -> str:
    return "zh" if language.startswith("zh") else "en"
