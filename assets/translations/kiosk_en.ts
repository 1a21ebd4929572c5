<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DoneScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="371" />
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
        <location filename="../../ui/screens/browse.py" line="219" />
        <source>%n copies</source>
        <translation>
            <numerusform>%n copy</numerusform>
            <numerusform>%n copies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="270" />
        <source>Legal limit: %n working days</source>
        <translation>
            <numerusform>Legal limit: %n working day</numerusform>
            <numerusform>Legal limit: %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="272" />
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
        <location filename="../../ui/screens/browse.py" line="99" />
        <source>%n services</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="84" />
        <source>For your privacy this session ends in %n seconds.</source>
        <translation>
            <numerusform>For your privacy this session ends in %n second.</numerusform>
            <numerusform>For your privacy this session ends in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>