<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionsPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="266"/>
        <source>Citizens see: the out-of-service screen</source>
        <translation>市民看到：暂停服务页面</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="267"/>
        <source>Citizens see: the normal kiosk</source>
        <translation>市民看到：正常的自助机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="268"/>
        <source>Take out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="269"/>
        <source>Back in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="270"/>
        <source>Reload catalog</source>
        <translation>重新加载事项目录</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="271"/>
        <source>Write a diagnostics bundle (personal data removed) to:</source>
        <translation>导出诊断包（已去除个人信息）到：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="292"/>
        <source>The kiosk is out of service.</source>
        <translation>自助机已暂停服务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="292"/>
        <source>The kiosk is back in service.</source>
        <translation>自助机已恢复服务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="297"/>
        <source>Loading the catalog…</source>
        <translation>正在加载事项目录…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="305"/>
        <source>The catalog has errors and was not loaded; the old one stays. See the log.</source>
        <translation>事项目录有错误，未加载，继续使用原目录。详见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="308"/>
        <source>Catalog %1 loaded: %2 services.</source>
        <translation>事项目录 %1 已加载：%2 项业务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="314"/>
        <source>Writing the bundle…</source>
        <translation>正在写入诊断包…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="325"/>
        <source>The bundle could not be written: %1</source>
        <translation>诊断包写入失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="327"/>
        <source>Bundle written: %1</source>
        <translation>诊断包已写入：%1</translation>
    </message>
</context>
<context>
    <name>AreaScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="158"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页 / 共 %2 页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="159"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="160"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="45"/>
        <source>Police self-service</source>
        <translation>公安政务自助服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="46"/>
        <source>Touch the screen to start. 请触摸屏幕开始</source>
        <translation>请触摸屏幕开始 Touch the screen to start</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="47"/>
        <location filename="../../ui/screens/browse.py" line="48"/>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="62"/>
        <source>Pause animation</source>
        <translation>暂停动画</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="62"/>
        <source>Play animation</source>
        <translation>播放动画</translation>
    </message>
</context>
<context>
    <name>BookScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="159"/>
        <source>Choose a time for your visit</source>
        <translation>请选择办理时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="160"/>
        <source>Choose another time</source>
        <translation>选择其他时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="161"/>
        <source>Book this time</source>
        <translation>预约这个时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="177"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="193"/>
        <source>Booking is not available right now: the police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法预约：无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="202"/>
        <source>Looking for free times…</source>
        <translation>正在查找可预约的时间…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="216"/>
        <source>Free times on this day:</source>
        <translation>当天可预约的时间：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="216"/>
        <source>No free times on this day. Please choose another day.</source>
        <translation>当天已约满，请选择其他日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="237"/>
        <source>Someone has just taken this time. Please choose another.</source>
        <translation>该时间刚刚被预约，请选择其他时间。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="256"/>
        <source>Your visit: %1 at %2. The time is kept for you for 2 minutes.</source>
        <translation>您的预约：%1，地点：%2。该时间为您保留2分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="271"/>
        <source>This service cannot be booked here. Please ask at %1.</source>
        <translation>本机无法预约此业务，请到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="285"/>
        <source>The time was released before you confirmed. Please choose again.</source>
        <translation>确认前该时间已释放，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="288"/>
        <source>The booking could not be confirmed. Please try again.</source>
        <translation>预约未能确认，请重试。</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="54"/>
        <source>Your information</source>
        <translation>个人信息使用告知</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="56"/>
        <source>To handle your request the kiosk uses the information you give it and sends it encrypted to the police service platform. Nothing is kept on this machine after it has been delivered. You can stop at any time with Home.</source>
        <translation>为办理您的业务，自助机将使用您提供的信息，并加密传送至公安政务服务平台。送达后本机不保留任何信息。您可随时按“首页”停止办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="59"/>
        <source>I agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="60"/>
        <source>I do not agree</source>
        <translation>不同意</translation>
    </message>
</context>
<context>
    <name>DiagnosticsOverlay</name>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="140"/>
        <source>Diagnostics · %1</source>
        <translation>设备诊断 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="141"/>
        <source>Exit diagnostics</source>
        <translation>退出诊断</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="143"/>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="143"/>
        <source>Self-tests</source>
        <translation>自检</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="143"/>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="144"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="377"/>
        <source>Your application has been received</source>
        <translation>您的申请已受理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="379"/>
        <source>Your appointment is booked</source>
        <translation>预约成功</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="381"/>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="382"/>
        <source>Case number: </source>
        <translation>受理编号：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="385"/>
        <source>Booking number: </source>
        <translation>预约号：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="387"/>
        <source>Keep this number to check progress.</source>
        <translation>请保存此编号，用于查询办理进度。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="391"/>
        <source>result within %n working days</source>
        <translation>
            <numerusform>%n个工作日内办结</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="394"/>
        <source>To bring later: </source>
        <translation>需后补的材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="397"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="397"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="94"/>
        <source>Please fill in</source>
        <translation>请填写</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="95"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="95"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="100"/>
        <location filename="../../ui/screens/steps.py" line="101"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="109"/>
        <source> (optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="141"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2024-05-31</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="154"/>
        <source>Please choose the province, city and district, then enter the street and number.</source>
        <translation>请依次选择省、市、区县，再输入街道和门牌号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="161"/>
        <source>Please fill this in.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="162"/>
        <source>This is too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="163"/>
        <source>Please enter an 11-digit mobile number starting with 1.</source>
        <translation>请输入以1开头的11位手机号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="164"/>
        <source>Please enter a date like 2024-05-31.</source>
        <translation>请按 2024-05-31 的格式输入日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="165"/>
        <source>This date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="166"/>
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="167"/>
        <source>Please choose one.</source>
        <translation>请选择一项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="168"/>
        <source>Please enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="169"/>
        <source>This number is out of range.</source>
        <translation>数值超出范围。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="170"/>
        <source>Please enter a plate like 京A12345.</source>
        <translation>请按 京A12345 的格式输入号牌。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="171"/>
        <source>Please check this.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="196"/>
        <source>Please correct the marked fields.</source>
        <translation>请修改标出的项目。</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="203"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="203"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="208"/>
        <source>Conditions</source>
        <translation>办理条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="211"/>
        <source>Who can apply</source>
        <translation>申请对象</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="214"/>
        <source>What to bring</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="216"/>
        <source>Nothing.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="218"/>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="218"/>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="220"/>
        <source>%n copies</source>
        <translation>
            <numerusform>%n份</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="222"/>
        <source>may be brought later</source>
        <translation>可容缺后补</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="224"/>
        <source>Fees</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="226"/>
        <source>Free of charge.</source>
        <translation>免费。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="230"/>
        <source>Exempt: </source>
        <translation>减免：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="231"/>
        <source>Time limits</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="233"/>
        <source>Visits needed: %1</source>
        <translation>跑动次数：%1次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="234"/>
        <source>finished here at once</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="234"/>
        <source>pick up at the counter</source>
        <translation>窗口领取</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="235"/>
        <source>free mail delivery</source>
        <translation>免费邮寄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="235"/>
        <source>electronic certificate</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="236"/>
        <source>How you receive the result: </source>
        <translation>结果领取方式：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="237"/>
        <source>Legal basis</source>
        <translation>设定依据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="240"/>
        <source>If this kiosk cannot help: </source>
        <translation>自助机无法办理时请到：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="242"/>
        <source>Values marked as local examples may differ in your city.</source>
        <translation>标注为示例的内容以当地规定为准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="247"/>
        <source>Do these together (one form)</source>
        <translation>一并办理（只填一次）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="257"/>
        <source>Please go to: </source>
        <translation>请到：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="259"/>
        <location filename="../../ui/screens/browse.py" line="260"/>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="263"/>
        <location filename="../../ui/screens/browse.py" line="264"/>
        <source>Print this notice</source>
        <translation>打印告知单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="268"/>
        <source>Done on the spot.</source>
        <translation>当场办结。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="271"/>
        <source>Legal limit: %n working days</source>
        <translation>
            <numerusform>法定时限：%n个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="273"/>
        <source>We promise: %n working days</source>
        <translation>
            <numerusform>承诺时限：%n个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="274"/>
        <source>No fixed time limit.</source>
        <translation>无固定时限。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="92"/>
        <source>What would you like to do?</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="100"/>
        <source>%n services</source>
        <translation>
            <numerusform>%n项业务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="193"/>
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="194"/>
        <source>Please enter your ID number.</source>
        <translation>请输入身份号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="214"/>
        <source>Please stand in front of the camera</source>
        <translation>请站到摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="215"/>
        <source>Only one person in front of the camera, please</source>
        <translation>请只留一人在摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="216"/>
        <source>Please come closer</source>
        <translation>请靠近一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="217"/>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="218"/>
        <source>Please move to the middle of the picture</source>
        <translation>请移到画面中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="219"/>
        <source>Too dark: please face the light</source>
        <translation>光线太暗，请面向光源</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="220"/>
        <source>Too bright: please step out of the direct light</source>
        <translation>光线太亮，请避开强光</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="221"/>
        <source>Please hold still</source>
        <translation>请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="222"/>
        <source>Please look straight at the camera</source>
        <translation>请正对摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="223"/>
        <source>Please move so that your whole face is in the picture</source>
        <translation>请调整位置，让整张脸都在画面内</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="224"/>
        <source>Good. Hold still</source>
        <translation>很好，请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="225"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="229"/>
        <source>Please blink your eyes</source>
        <translation>请眨眨眼</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="230"/>
        <source>Please turn your head slowly to your left</source>
        <translation>请慢慢向左转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="231"/>
        <source>Please turn your head slowly to your right</source>
        <translation>请慢慢向右转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="238"/>
        <source>Enter your ID number</source>
        <translation>请输入身份号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="239"/>
        <source>Without a card, the kiosk compares your face with the photo the police service holds for this number. Type the 18 characters, then confirm.</source>
        <translation>未带身份证时，自助机将您的面部与公安机关留存的该号码照片进行比对。请输入18位号码，然后确认。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="242"/>
        <source>Place your ID card on the reader</source>
        <translation>请将身份证放在阅读区</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="243"/>
        <source>Put the card flat on the reader and leave it there until the next page appears.</source>
        <translation>请将证件平放在阅读区，出现下一页前请勿移开。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="245"/>
        <source>Reading the card again…</source>
        <translation>正在重新读卡…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="246"/>
        <source>The card could not be read. Please leave it on the reader.</source>
        <translation>未能读取证件，请将证件继续放在阅读区。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="248"/>
        <source>The card cannot be read</source>
        <translation>无法读取证件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="249"/>
        <source>Take the card off, wipe it and place it again. You can also enter your ID number or choose staff verification.</source>
        <translation>请取下证件擦拭后重新放置。您也可以输入身份号码，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="252"/>
        <source>The card was taken away</source>
        <translation>证件已被移开</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="253"/>
        <source>The card was removed before it was read. Please place it on the reader again and leave it there.</source>
        <translation>证件在读取完成前被移开。请重新放在阅读区，并保持不动。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="256"/>
        <source>This card has expired</source>
        <translation>证件已过有效期</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="257"/>
        <source>An expired card cannot be used here. Please place a valid card, or choose staff verification at the counter.</source>
        <translation>过期证件不能在本机使用。请放置有效证件，或选择到窗口人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="260"/>
        <source>The card reader is not working</source>
        <translation>身份证阅读器暂不可用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="261"/>
        <source>You can enter your ID number instead, or choose staff verification.</source>
        <translation>您可以改为输入身份号码，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="263"/>
        <source>One moment, please…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="263"/>
        <source>Looking up the photo for this ID number.</source>
        <translation>正在查询该身份号码的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="265"/>
        <source>the photo on your ID card</source>
        <translation>您身份证上的照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="266"/>
        <source>the photo the police service holds for your ID number</source>
        <translation>公安机关留存的您身份号码对应的照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="267"/>
        <source>Verify your identity with your face?</source>
        <translation>是否使用刷脸核验身份？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="268"/>
        <source>The kiosk compares your face with %1. You will be asked to blink and turn your head. Pictures of your face are used only for this check and are not kept. If you prefer, staff will verify you at the counter instead.</source>
        <translation>自助机将把您的面部与%1进行比对，过程中会请您眨眼和转头。面部图像仅用于本次核验，不会保存。如您不愿刷脸，可改由工作人员在窗口为您核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="272"/>
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="272"/>
        <source>Please stand in front of the camera.</source>
        <translation>请站到摄像头前。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="274"/>
        <source>Look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="277"/>
        <source>Your face could not be matched with the photo.</source>
        <translation>您的面部与照片未能比对一致。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="278"/>
        <source>We did not see the movement in time.</source>
        <translation>未能在规定时间内识别到动作。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="279"/>
        <source>We could not get a clear picture in time.</source>
        <translation>未能在规定时间内获得清晰的画面。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="280"/>
        <source>The check did not succeed.</source>
        <translation>核验未成功。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="281"/>
        <source>Not verified</source>
        <translation>核验未通过</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="282"/>
        <source>You can try again, or choose staff verification.</source>
        <translation>您可以重试，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="284"/>
        <source>Identity verified</source>
        <translation>身份核验通过</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="284"/>
        <source>Thank you. Your identity has been confirmed.</source>
        <translation>谢谢，您的身份已确认。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="287"/>
        <location filename="../../ui/screens/identify.py" line="288"/>
        <source>The kiosk could not confirm your identity.</source>
        <translation>自助机未能确认您的身份。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="289"/>
        <source>The camera is not working.</source>
        <translation>摄像头暂不可用。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="290"/>
        <source>No photo usable for the check was found.</source>
        <translation>未找到可用于核验的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="292"/>
        <source>Staff will verify your identity at %1. You can continue now; please go there when you have finished.</source>
        <translation>工作人员将在%1为您核验身份。您现在可以继续办理，办理完成后请前往该处。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="294"/>
        <source>Staff will verify you</source>
        <translation>由工作人员为您核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="306"/>
        <source>Card holder: %1</source>
        <translation>持证人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="320"/>
        <source>Seconds left: %1</source>
        <translation>剩余 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="328"/>
        <source>ID number</source>
        <translation>身份号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="329"/>
        <source>18 characters</source>
        <translation>18位号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="337"/>
        <source>Verify with my face</source>
        <translation>刷脸核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="338"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="339"/>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="340"/>
        <source>I do not have my ID card with me</source>
        <translation>我没有带身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="341"/>
        <source>Use an ID card</source>
        <translation>使用身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="342"/>
        <source>Staff verification instead</source>
        <translation>改为人工核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="343"/>
        <source>Confirm number</source>
        <translation>确认号码</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="303"/>
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="304"/>
        <source>Sorry. Please go to %1, where staff will help you.</source>
        <translation>抱歉，请到%1，工作人员将为您办理。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="77"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="77"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="96"/>
        <source>usable</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="96"/>
        <source>NOT USABLE</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="99"/>
        <source>Kind: %1 · driver: %2 · port: %3</source>
        <translation>类型：%1 · 驱动：%2 · 端口：%3</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="101"/>
        <source>Status: %1 · media: %2</source>
        <translation>状态：%1 · 耗材：%2</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="104"/>
        <source>Last error: %1 (%2)</source>
        <translation>最近错误：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="112"/>
        <source>Paused services (%1):</source>
        <translation>暂停的业务（%1 项）：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="115"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… 另有 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="117"/>
        <source>Needed by %n service(s), none paused.</source>
        <translation>
            <numerusform>%n 项业务需要此设备，均未暂停。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoScreen</name>
    <message>
        <location filename="../../ui/screens/photo.py" line="84"/>
        <source>Please stand in front of the camera</source>
        <translation>请站到摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="85"/>
        <source>Only one person in the picture, please</source>
        <translation>画面中请只留一人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="86"/>
        <source>Please look straight at the camera</source>
        <translation>请正对摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="87"/>
        <source>Please come closer</source>
        <translation>请靠近一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="88"/>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="89"/>
        <source>Please move to the middle of the picture</source>
        <translation>请移到画面中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="90"/>
        <source>Please keep your eyes open</source>
        <translation>请睁开眼睛</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="91"/>
        <source>Your face has a strong shadow: please face the light</source>
        <translation>面部阴影太重，请面向光源</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="92"/>
        <source>The background must be plain: please stand in front of the white wall</source>
        <translation>背景须为纯色，请站到白墙前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="93"/>
        <source>The background must be light: please stand in front of the white wall</source>
        <translation>背景须为浅色，请站到白墙前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="95"/>
        <source>Please step back a little and stand in the middle</source>
        <translation>请稍微后退，并站到中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="96"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="102"/>
        <source>Photo for your certificate</source>
        <translation>拍摄证件照</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="103"/>
        <source>Stand in front of the white wall and look at the camera. Three photos are taken automatically when everything is right.</source>
        <translation>请站在白墙前看摄像头。各项符合要求后，将自动拍摄三张照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="105"/>
        <source>Good. Hold still</source>
        <translation>很好，请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="107"/>
        <source>Photos taken: %1 of %2</source>
        <translation>已拍摄：%1 / %2 张</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="109"/>
        <source>Choose your photo</source>
        <translation>请选择照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="110"/>
        <source>Tap the photo you like best, then confirm. Or take new photos.</source>
        <translation>请点选最满意的一张，然后确认；也可以重新拍摄。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="113"/>
        <source>The camera is not working</source>
        <translation>摄像头暂不可用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="114"/>
        <source>Please try again, or have your photo taken at %1.</source>
        <translation>请重试，或到%1拍照。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="125"/>
        <source>Use this photo</source>
        <translation>使用这张照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="126"/>
        <source>Take new photos</source>
        <translation>重新拍摄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="127"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="151"/>
        <source>Photo %1</source>
        <translation>照片 %1</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="75"/>
        <source>Technician PIN</source>
        <translation>运维人员密码</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="76"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="77"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="78"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="85"/>
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>密码错误次数过多，请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="114"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="121"/>
        <source>The PIN could not be checked. See the log.</source>
        <translation>密码无法验证，详见日志。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="129"/>
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>密码错误，还可尝试 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="131"/>
        <source>No technician PIN is configured on this kiosk.</source>
        <translation>本机未配置运维人员密码。</translation>
    </message>
</context>
<context>
    <name>QueryScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="45"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="46"/>
        <source>Asking the police service platform. This usually takes a few seconds.</source>
        <translation>正在向公安政务服务平台查询，通常需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="47"/>
        <source>Change my answers</source>
        <translation>修改查询条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="48"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="76"/>
        <source>Please check your answers</source>
        <translation>请核对您填写的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="80"/>
        <source>The search is not available right now</source>
        <translation>暂时无法查询</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="81"/>
        <source>The police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="435"/>
        <source>How was our service?</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="438"/>
        <source>Very poor</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="438"/>
        <source>Poor</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="438"/>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="438"/>
        <source>Good</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="438"/>
        <source>Very good</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="445"/>
        <source>What went wrong? (required for 1 or 2)</source>
        <translation>哪里做得不好？（评1或2分时必填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="447"/>
        <source>Send rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="448"/>
        <source>Finish without rating</source>
        <translation>不评价，直接结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="462"/>
        <source>Please choose a score.</source>
        <translation>请选择评分。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="463"/>
        <source>Please tell us what went wrong.</source>
        <translation>请告诉我们哪里做得不好。</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../ui/screens/receipt.py" line="56"/>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="59"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="60"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="76"/>
        <source>Please take your receipt</source>
        <translation>请取走您的回执</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="77"/>
        <source>It is below the screen. Keep it to check the progress.</source>
        <translation>回执在屏幕下方出纸口，请妥善保存，用于查询办理进度。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="81"/>
        <source>The receipt could not be printed</source>
        <translation>回执未能打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="83"/>
        <source>Your application is saved. Please photograph this screen, or print again when staff have fixed the printer.</source>
        <translation>您的申请已保存。请拍照留存本屏幕内容，或待工作人员修好打印机后重新打印。</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="106"/>
        <source>What we found</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="107"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="107"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="112"/>
        <source>Nothing found.</source>
        <translation>没有查到相关信息。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="120"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="237"/>
        <source>Please check before submitting</source>
        <translation>提交前请核对</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="238"/>
        <source>Check the highlighted name and document number carefully.</source>
        <translation>请仔细核对突出显示的姓名和证件号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="239"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="239"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="250"/>
        <source>Bring later: </source>
        <translation>后补材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="255"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="256"/>
        <source>Confirm and submit</source>
        <translation>确认并提交</translation>
    </message>
</context>
<context>
    <name>SelfTestsPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="140"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="140"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="141"/>
        <source>A test may print a receipt, read the card on the reader or wait up to 10 s for a scan.</source>
        <translation>自检可能会打印一张凭条、读取读卡器上的证件，或最多等待 10 秒扫码。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="156"/>
        <source>Test %1</source>
        <translation>自检 %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="163"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="166"/>
        <source>Not tested yet</source>
        <translation>尚未自检</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="167"/>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="167"/>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../ui/shell.py" line="373"/>
        <source>Normal text</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="373"/>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="376"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="377"/>
        <source>Repeat</source>
        <translation>重听</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="378"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="379"/>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="386"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步 / 共 %2 步</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="403"/>
        <source>Not available at this kiosk yet: please use the counter for now.</source>
        <translation>本机暂不能办理此业务，请先到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="406"/>
        <source>Paused: a device this service needs is not working.</source>
        <translation>暂停办理：此业务所需的设备出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="418"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="418"/>
        <source>The printer is not working. Please photograph the screen or ask staff.</source>
        <translation>打印机暂不可用，请拍照留存屏幕内容或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="427"/>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="431"/>
        <source>Staff have been called and will come to you.</source>
        <translation>已呼叫工作人员，请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="432"/>
        <source>Please wave to the staff at %1.</source>
        <translation>请向%1的工作人员招手示意。</translation>
    </message>
</context>
<context>
    <name>SignScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="289"/>
        <source>Please sign</source>
        <translation>请签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="290"/>
        <source>Sign with your finger inside the box. Your signature confirms that what you entered is true.</source>
        <translation>请用手指在框内签名。签名即确认您填写的内容真实无误。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="291"/>
        <source>Clear and sign again</source>
        <translation>清除重签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="292"/>
        <source>Confirm signature</source>
        <translation>确认签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="299"/>
        <source>Please sign inside the box first.</source>
        <translation>请先在框内签名。</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="330"/>
        <source>Saving your application…</source>
        <translation>正在保存您的申请…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="331"/>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="332"/>
        <location filename="../../ui/screens/steps.py" line="333"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="345"/>
        <source>Your application could not be saved</source>
        <translation>您的申请未能保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="347"/>
        <source>This kiosk cannot take new applications right now (storage full). Nothing was charged.</source>
        <translation>本机存储已满，暂时无法受理新申请，未扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="348"/>
        <source>This kiosk cannot take applications right now.</source>
        <translation>本机暂时无法受理申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="349"/>
        <source>Something went wrong while saving.</source>
        <translation>保存时出现问题。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="351"/>
        <source>Please go to %1 or call staff.</source>
        <translation>请到%1办理，或呼叫工作人员。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="205"/>
        <source>Outbox: %1 record(s) waiting, %2 parked</source>
        <translation>待上传：%1 条，搁置：%2 条</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="206"/>
        <source>Oldest waiting: %1</source>
        <translation>最早待上传：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="209"/>
        <source>Server: not linked</source>
        <translation>服务器：未连接</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="211"/>
        <source>Server: online</source>
        <translation>服务器：在线</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="211"/>
        <source>Server: offline</source>
        <translation>服务器：离线</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="212"/>
        <source>Failures in a row: %1 · delivered since start: %2</source>
        <translation>连续失败：%1 次 · 启动以来已上传：%2 条</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="215"/>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="219"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="223"/>
        <source>Alerts:</source>
        <translation>告警：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="226"/>
        <source>No alerts.</source>
        <translation>无告警。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="230"/>
        <source>Sync started.</source>
        <translation>已开始同步。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="230"/>
        <source>Not linked to a server.</source>
        <translation>未连接服务器。</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <location filename="../../ui/timeout.py" line="83"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="84"/>
        <source>For your privacy this session ends in %n seconds.</source>
        <translation>
            <numerusform>为保护您的隐私，本次办理将在%n秒后结束。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/timeout.py" line="85"/>
        <location filename="../../ui/timeout.py" line="86"/>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
</context>
</TS>
