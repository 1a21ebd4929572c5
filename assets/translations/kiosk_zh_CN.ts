<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AreaScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="157" />
        <source>Page %1 of %2</source>
        <translation>第 %1 页 / 共 %2 页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="158" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="159" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="44" />
        <source>Police self-service</source>
        <translation>公安政务自助服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="45" />
        <source>Touch the screen to start. 请触摸屏幕开始</source>
        <translation>请触摸屏幕开始 Touch the screen to start</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="46" />
        <location filename="../../ui/screens/browse.py" line="47" />
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="61" />
        <source>Pause animation</source>
        <translation>暂停动画</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="61" />
        <source>Play animation</source>
        <translation>播放动画</translation>
    </message>
</context>
<context>
    <name>BookScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="162" />
        <source>Choose a time for your visit</source>
        <translation>请选择办理时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="163" />
        <source>Choose another time</source>
        <translation>选择其他时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="164" />
        <source>Book this time</source>
        <translation>预约这个时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="181" />
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="197" />
        <source>Booking is not available right now: the police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法预约：无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="206" />
        <source>Looking for free times…</source>
        <translation>正在查找可预约的时间…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="220" />
        <source>Free times on this day:</source>
        <translation>当天可预约的时间：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="220" />
        <source>No free times on this day. Please choose another day.</source>
        <translation>当天已约满，请选择其他日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="241" />
        <source>Someone has just taken this time. Please choose another.</source>
        <translation>该时间刚刚被预约，请选择其他时间。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="260" />
        <source>Your visit: %1 at %2. The time is kept for you for 2 minutes.</source>
        <translation>您的预约：%1，地点：%2。该时间为您保留2分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="275" />
        <source>This service cannot be booked here. Please ask at %1.</source>
        <translation>本机无法预约此业务，请到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="289" />
        <source>The time was released before you confirmed. Please choose again.</source>
        <translation>确认前该时间已释放，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="292" />
        <source>The booking could not be confirmed. Please try again.</source>
        <translation>预约未能确认，请重试。</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="52" />
        <source>Your information</source>
        <translation>个人信息使用告知</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="54" />
        <source>To handle your request the kiosk uses the information you give it and sends it encrypted to the police service platform. Nothing is kept on this machine after it has been delivered. You can stop at any time with Home.</source>
        <translation>为办理您的业务，自助机将使用您提供的信息，并加密传送至公安政务服务平台。送达后本机不保留任何信息。您可随时按“首页”停止办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="57" />
        <source>I agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="58" />
        <source>I do not agree</source>
        <translation>不同意</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="357" />
        <source>Your application has been received</source>
        <translation>您的申请已受理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="359" />
        <source>Your appointment is booked</source>
        <translation>预约成功</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="361" />
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="362" />
        <source>Case number: </source>
        <translation>受理编号：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="365" />
        <source>Booking number: </source>
        <translation>预约号：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="367" />
        <source>Keep this number to check progress.</source>
        <translation>请保存此编号，用于查询办理进度。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="371" />
        <source>result within %n working days</source>
        <translation><numerusform>%n个工作日内办结</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="374" />
        <source>To bring later: </source>
        <translation>需后补的材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="377" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="377" />
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="90" />
        <source>Please fill in</source>
        <translation>请填写</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="91" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="91" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="96" />
        <location filename="../../ui/screens/steps.py" line="97" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="105" />
        <source> (optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="133" />
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2024-05-31</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="146" />
        <source>Please choose the province, city and district, then enter the street and number.</source>
        <translation>请依次选择省、市、区县，再输入街道和门牌号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="153" />
        <source>Please fill this in.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="154" />
        <source>This is too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="155" />
        <source>Please enter an 11-digit mobile number starting with 1.</source>
        <translation>请输入以1开头的11位手机号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="156" />
        <source>Please enter a date like 2024-05-31.</source>
        <translation>请按 2024-05-31 的格式输入日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="157" />
        <source>This date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="158" />
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="159" />
        <source>Please choose one.</source>
        <translation>请选择一项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="160" />
        <source>Please enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="161" />
        <source>This number is out of range.</source>
        <translation>数值超出范围。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="162" />
        <source>Please enter a plate like 京A12345.</source>
        <translation>请按 京A12345 的格式输入号牌。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="163" />
        <source>Please check this.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="180" />
        <source>Please correct the marked fields.</source>
        <translation>请修改标出的项目。</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="202" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="202" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="207" />
        <source>Conditions</source>
        <translation>办理条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="210" />
        <source>Who can apply</source>
        <translation>申请对象</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="213" />
        <source>What to bring</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="215" />
        <source>Nothing.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="217" />
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="217" />
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="219" />
        <source>%n copies</source>
        <translation><numerusform>%n份</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="221" />
        <source>may be brought later</source>
        <translation>可容缺后补</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="223" />
        <source>Fees</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="225" />
        <source>Free of charge.</source>
        <translation>免费。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="229" />
        <source>Exempt: </source>
        <translation>减免：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="230" />
        <source>Time limits</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="232" />
        <source>Visits needed: %1</source>
        <translation>跑动次数：%1次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="233" />
        <source>finished here at once</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="233" />
        <source>pick up at the counter</source>
        <translation>窗口领取</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="234" />
        <source>free mail delivery</source>
        <translation>免费邮寄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="234" />
        <source>electronic certificate</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="235" />
        <source>How you receive the result: </source>
        <translation>结果领取方式：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="236" />
        <source>Legal basis</source>
        <translation>设定依据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="239" />
        <source>If this kiosk cannot help: </source>
        <translation>自助机无法办理时请到：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="241" />
        <source>Values marked as local examples may differ in your city.</source>
        <translation>标注为示例的内容以当地规定为准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="246" />
        <source>Do these together (one form)</source>
        <translation>一并办理（只填一次）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="256" />
        <source>Please go to: </source>
        <translation>请到：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="258" />
        <location filename="../../ui/screens/browse.py" line="259" />
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="262" />
        <location filename="../../ui/screens/browse.py" line="263" />
        <source>Print this notice</source>
        <translation>打印告知单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="267" />
        <source>Done on the spot.</source>
        <translation>当场办结。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="270" />
        <source>Legal limit: %n working days</source>
        <translation><numerusform>法定时限：%n个工作日</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="272" />
        <source>We promise: %n working days</source>
        <translation><numerusform>承诺时限：%n个工作日</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="273" />
        <source>No fixed time limit.</source>
        <translation>无固定时限。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="91" />
        <source>What would you like to do?</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="99" />
        <source>%n services</source>
        <translation><numerusform>%n项业务</numerusform></translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="302" />
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="303" />
        <source>Sorry. Please go to %1, where staff will help you.</source>
        <translation>抱歉，请到%1，工作人员将为您办理。</translation>
    </message>
</context>
<context>
    <name>QueryScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="48" />
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="49" />
        <source>Asking the police service platform. This usually takes a few seconds.</source>
        <translation>正在向公安政务服务平台查询，通常需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="50" />
        <source>Change my answers</source>
        <translation>修改查询条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="51" />
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="79" />
        <source>Please check your answers</source>
        <translation>请核对您填写的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="83" />
        <source>The search is not available right now</source>
        <translation>暂时无法查询</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="84" />
        <source>The police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="415" />
        <source>How was our service?</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="418" />
        <source>Very poor</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="418" />
        <source>Poor</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="418" />
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="418" />
        <source>Good</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="418" />
        <source>Very good</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="425" />
        <source>What went wrong? (required for 1 or 2)</source>
        <translation>哪里做得不好？（评1或2分时必填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="427" />
        <source>Send rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="428" />
        <source>Finish without rating</source>
        <translation>不评价，直接结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="442" />
        <source>Please choose a score.</source>
        <translation>请选择评分。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="443" />
        <source>Please tell us what went wrong.</source>
        <translation>请告诉我们哪里做得不好。</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="109" />
        <source>What we found</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="110" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="110" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="115" />
        <source>Nothing found.</source>
        <translation>没有查到相关信息。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="123" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="217" />
        <source>Please check before submitting</source>
        <translation>提交前请核对</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="218" />
        <source>Check the highlighted name and document number carefully.</source>
        <translation>请仔细核对突出显示的姓名和证件号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="219" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="219" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="230" />
        <source>Bring later: </source>
        <translation>后补材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="235" />
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="236" />
        <source>Confirm and submit</source>
        <translation>确认并提交</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../ui/shell.py" line="314" />
        <source>Normal text</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="314" />
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="317" />
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="318" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="319" />
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="326" />
        <source>Step %1 of %2</source>
        <translation>第 %1 步 / 共 %2 步</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="343" />
        <source>Not available at this kiosk yet: please use the counter for now.</source>
        <translation>本机暂不能办理此业务，请先到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="346" />
        <source>Paused: a device this service needs is not working.</source>
        <translation>暂停办理：此业务所需的设备出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="358" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="358" />
        <source>The printer is not working. Please photograph the screen or ask staff.</source>
        <translation>打印机暂不可用，请拍照留存屏幕内容或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="367" />
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="371" />
        <source>Staff have been called and will come to you.</source>
        <translation>已呼叫工作人员，请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="372" />
        <source>Please wave to the staff at %1.</source>
        <translation>请向%1的工作人员招手示意。</translation>
    </message>
</context>
<context>
    <name>SignScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="269" />
        <source>Please sign</source>
        <translation>请签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="270" />
        <source>Sign with your finger inside the box. Your signature confirms that what you entered is true.</source>
        <translation>请用手指在框内签名。签名即确认您填写的内容真实无误。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="271" />
        <source>Clear and sign again</source>
        <translation>清除重签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="272" />
        <source>Confirm signature</source>
        <translation>确认签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="279" />
        <source>Please sign inside the box first.</source>
        <translation>请先在框内签名。</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="310" />
        <source>Saving your application…</source>
        <translation>正在保存您的申请…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="311" />
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="312" />
        <location filename="../../ui/screens/steps.py" line="313" />
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="325" />
        <source>Your application could not be saved</source>
        <translation>您的申请未能保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="327" />
        <source>This kiosk cannot take new applications right now (storage full). Nothing was charged.</source>
        <translation>本机存储已满，暂时无法受理新申请，未扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="328" />
        <source>This kiosk cannot take applications right now.</source>
        <translation>本机暂时无法受理申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="329" />
        <source>Something went wrong while saving.</source>
        <translation>保存时出现问题。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="331" />
        <source>Please go to %1 or call staff.</source>
        <translation>请到%1办理，或呼叫工作人员。</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <location filename="../../ui/timeout.py" line="83" />
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="84" />
        <source>For your privacy this session ends in %n seconds.</source>
        <translation><numerusform>为保护您的隐私，本次办理将在%n秒后结束。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/timeout.py" line="85" />
        <location filename="../../ui/timeout.py" line="86" />
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
</context>
</TS>