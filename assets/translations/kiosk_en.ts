<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionsPage</name>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="444"/>
        <source>Refused: %n record(s) not yet delivered to the server. Sync first; never reset or reimage a kiosk with undelivered records.</source>
        <translation>
            <numerusform>Refused: %n record not yet delivered to the server. Sync first; never reset or reimage a kiosk with undelivered records.</numerusform>
            <numerusform>Refused: %n records not yet delivered to the server. Sync first; never reset or reimage a kiosk with undelivered records.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="795"/>
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
        <location filename="../../ui/screens/browse.py" line="381"/>
        <source>%n copies</source>
        <translation>
            <numerusform>%n copy</numerusform>
            <numerusform>%n copies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="502"/>
        <source>Legal limit: %n working days</source>
        <translation>
            <numerusform>Legal limit: %n working day</numerusform>
            <numerusform>Legal limit: %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="504"/>
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
        <location filename="../../ui/screens/browse.py" line="205"/>
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
        <location filename="../../ui/diagnostics/pages.py" line="206"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="208"/>
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
        <location filename="../../ui/diagnostics/pinpad.py" line="93"/>
        <source>%n digit(s) entered</source>
        <translation>
            <numerusform>%n digit entered</numerusform>
            <numerusform>%n digits entered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="97"/>
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="146"/>
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>Wrong PIN. %n attempt left.</numerusform>
            <numerusform>Wrong PIN. %n attempts left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="319"/>
        <source>Send %n record(s) from the quarantined database</source>
        <translation>
            <numerusform>Send %n record from the quarantined database</numerusform>
            <numerusform>Send %n records from the quarantined database</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="335"/>
        <source>%n record(s) back in the outbox; they are sent with the others.</source>
        <translation>
            <numerusform>%n record back in the outbox; it is sent with the others.</numerusform>
            <numerusform>%n records back in the outbox; they are sent with the others.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="125"/>
        <source>For your privacy this session ends in %n seconds.</source>
        <translation>
            <numerusform>For your privacy this session ends in %n second.</numerusform>
            <numerusform>For your privacy this session ends in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
