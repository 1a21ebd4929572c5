<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DoneScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="391"/>
        <source>result within %n working days</source>
        <translation>
            <numerusform>result within %n working day</numerusform>
            <numerusform>result within %n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="220"/>
        <source>%n copies</source>
        <translation>
            <numerusform>%n copy</numerusform>
            <numerusform>%n copies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="271"/>
        <source>Legal limit: %n working days</source>
        <translation>
            <numerusform>Legal limit: %n working day</numerusform>
            <numerusform>Legal limit: %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="273"/>
        <source>We promise: %n working days</source>
        <translation>
            <numerusform>We promise: %n working day</numerusform>
            <numerusform>We promise: %n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="100"/>
        <source>%n services</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="115"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="117"/>
        <source>Needed by %n service(s), none paused.</source>
        <translation>
            <numerusform>Needed by %n service, not paused.</numerusform>
            <numerusform>Needed by %n services, none paused.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="85"/>
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="129"/>
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>Wrong PIN. %n attempt left.</numerusform>
            <numerusform>Wrong PIN. %n attempts left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="84"/>
        <source>For your privacy this session ends in %n seconds.</source>
        <translation>
            <numerusform>For your privacy this session ends in %n second.</numerusform>
            <numerusform>For your privacy this session ends in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
