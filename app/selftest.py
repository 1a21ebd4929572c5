"""``kiosk selftest``: proves a build (or an installed kiosk) has every piece it needs, without a
citizen and without a screen. Prints one line per check with its time; exit 0 only if all pass.

    config → catalog → store → devices → printing → face   (kiosk/selftest.py, no Qt)
    qt → translations → screen → keyboard → qml → pinyin → im-module → voice   (here)

The Qt part runs offscreen when there is no display (QT_QPA_PLATFORM=offscreen is set here), builds
the real shell with the embedded Qt Virtual Keyboard and shows the attract screen.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TextIO

from kiosk.selftest import CheckFailed, SelfTest, add_core_checks, make_scratch, remove_scratch

SHOW_TIMEOUT_S = 10.0

# Every QML import the embedded keyboard uses, plus the plugin module that pulls in the input
# methods, and the pinyin input method itself (instantiating it starts its dictionary).
QML_IMPORTS = b"""
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles
import QtQuick.VirtualKeyboard.Plugins
Item {
    property var locales: VirtualKeyboardSettings.availableLocales
}
"""
PINYIN = b"""
import QtQuick
import QtQuick.VirtualKeyboard.Plugins.Pinyin
Item {
    property var method: PinyinInputMethod {}
    property string kind: method ? method.toString() : ""
}
"""


def _use_offscreen_without_display() -> str:
    if not (os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM", "xcb/wayland (display found)")


def _spin(until: object, timeout_s: float) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def _qml_object(engine: object, source: bytes, name: str) -> object:
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent

    component = QQmlComponent(engine)  # type: ignore[call-overload]
    component.setData(source, QUrl(f"selftest/{name}.qml"))
    created = component.create()
    if component.isError() or created is None:
        raise CheckFailed("; ".join(e.toString() for e in component.errors()) or "component not created")
    created.setParent(engine)  # type: ignore[arg-type]
    return created


def add_qt_checks(test: SelfTest) -> None:
    def qt() -> str:
        platform = _use_offscreen_without_display()
        from app.gui import make_application

        app = make_application([sys.argv[0] if sys.argv else "kiosk"])
        test.state["app"] = app
        return f"QApplication on {app.platformName()} (asked: {platform})"

    def translations() -> str:
        from PySide6.QtCore import QTranslator

        from ui.i18n import TRANSLATIONS_DIR

        checked = []
        for language in ("zh_CN", "en"):
            translator = QTranslator()
            path = TRANSLATIONS_DIR / f"kiosk_{language}.qm"
            if not translator.load(str(path)):
                raise CheckFailed(f"cannot load {path}")
            checked.append(path.name)
        translator = QTranslator()
        translator.load(str(TRANSLATIONS_DIR / "kiosk_zh_CN.qm"))
        home = translator.translate("Shell", "Home")
        if not home or home == "Home":
            raise CheckFailed("kiosk_zh_CN.qm has no Chinese for the Home button")
        return f"{', '.join(checked)} (Home → {home})"

    def screen() -> str:
        from app.gui import build_shell

        core = test.state["core"]
        shell = build_shell(core, keyboard=True)
        test.state["shell"] = shell
        shell.show()
        if not _spin(lambda: shell.isVisible() and shell.current.isVisible(), SHOW_TIMEOUT_S):
            raise CheckFailed(f"the shell did not show within {SHOW_TIMEOUT_S:.0f} s")
        if shell.current.name != "attract":
            raise CheckFailed(f"first screen is {shell.current.name!r}, expected 'attract'")
        image = shell.grab()
        if image.isNull() or image.width() < 100:
            raise CheckFailed("the attract screen did not render")
        return f"attract screen shown and rendered at {image.width()}×{image.height()}"

    def keyboard() -> str:
        from PySide6.QtCore import QObject
        from PySide6.QtQuickWidgets import QQuickWidget

        panel = test.state["shell"].keyboard
        if panel is None:
            raise CheckFailed("the shell has no keyboard")
        if panel.status() != QQuickWidget.Status.Ready:
            raise CheckFailed("; ".join(e.toString() for e in panel.errors()) or f"status {panel.status()}")
        root = panel.rootObject()
        if root is None or root.findChild(QObject, "inputPanel") is None:
            raise CheckFailed("the keyboard's InputPanel was not created")
        return "Qt Virtual Keyboard InputPanel loaded in the shell"

    def qml() -> str:
        engine = test.state["shell"].keyboard.engine()
        item = _qml_object(engine, QML_IMPORTS, "imports")
        locales = list(item.property("locales") or [])  # type: ignore[attr-defined]
        if "zh_CN" not in locales or "en_US" not in locales:
            raise CheckFailed(f"keyboard layouts for zh_CN and en_US missing (found: {', '.join(locales) or 'none'})")
        return f"QtQuick, VirtualKeyboard (+Settings, Styles, Plugins) imported; layouts {', '.join(locales)}"

    def pinyin() -> str:
        # On the keyboard's engine, after its QML set the private user-dictionary folder.
        engine = test.state["shell"].keyboard.engine()
        item = _qml_object(engine, PINYIN, "pinyin")
        kind = str(item.property("kind"))  # type: ignore[attr-defined]
        if "PinyinInputMethod" not in kind:
            raise CheckFailed(f"pinyin input method not created ({kind!r})")
        return "PinyinInputMethod created (qtvkbpinyinplugin)"

    def im_module() -> str:
        from PySide6.QtCore import QLibraryInfo, QPluginLoader

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
        path = plugins / "platforminputcontexts" / "libqtvirtualkeyboardplugin.so"
        loader = QPluginLoader(str(path))
        if not loader.load():
            raise CheckFailed(f"{path}: {loader.errorString()}")
        module = os.environ.get("QT_IM_MODULE", "")
        if module != "qtvirtualkeyboard":
            raise CheckFailed(f"QT_IM_MODULE is {module!r}, the keyboard needs 'qtvirtualkeyboard'")
        return f"platform input context plugin loads ({path.parent.name}/{path.name})"

    def voice() -> str:
        from PySide6.QtTextToSpeech import QTextToSpeech

        engines = list(QTextToSpeech.availableEngines())
        wanted = test.state["core"].settings.voice.engine
        if wanted not in engines:
            raise CheckFailed(f"text-to-speech plugin {wanted!r} missing (found: {', '.join(engines) or 'none'})")
        # Whether speech-dispatcher runs is the machine's business (no sound on a build server).
        return f"text-to-speech plugins: {', '.join(engines)}"

    test.check("qt", qt)
    test.check("translations", translations, needs=("qt",))
    test.check("screen", screen, needs=("qt", "store"))
    test.check("keyboard", keyboard, needs=("screen",))
    test.check("qml", qml, needs=("keyboard",))
    test.check("pinyin", pinyin, needs=("keyboard",))
    test.check("im-module", im_module, needs=("qt",))
    test.check("voice", voice, needs=("qt", "store"))


def run_selftest(config: Path | None, out: TextIO = sys.stdout) -> int:
    """Every check, one line each, then a summary line. 0 only when all passed."""
    started = time.perf_counter()
    test = SelfTest(out)
    scratch = make_scratch()
    try:
        add_core_checks(test, config, scratch)
        add_qt_checks(test)
    finally:
        shell = test.state.get("shell")
        if shell is not None:
            shell.hide()
            shell.background.wait()
            if shell.keyboard is not None:
                shell.keyboard.close_down()
        core = test.state.get("core")
        if core is not None:
            core.close()
        remove_scratch(scratch)
    return test.summary((time.perf_counter() - started) * 1000)
