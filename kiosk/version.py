from importlib.metadata import PackageNotFoundError, version


def kiosk_version() -> str:
    try:
        return version("police-kiosk")
    except PackageNotFoundError:  # running from a bare checkout
        return "0+unknown"
