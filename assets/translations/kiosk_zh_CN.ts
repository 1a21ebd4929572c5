<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionsPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="402"/>
        <source>Citizens see: the out-of-service screen</source>
        <translation>市民看到：暂停服务页面</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="403"/>
        <source>Citizens see: the normal kiosk</source>
        <translation>市民看到：正常的自助机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="404"/>
        <source>Take out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="405"/>
        <source>Back in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="406"/>
        <source>Reload catalog</source>
        <translation>重新加载事项目录</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="407"/>
        <source>Write a diagnostics bundle (personal data removed) to:</source>
        <translation>导出诊断包（已去除个人信息）到：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="411"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="411"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="412"/>
        <source>Restart the kiosk</source>
        <translation>重启自助机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="435"/>
        <source>Reset local data</source>
        <translation>清除本地数据</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="436"/>
        <source>Yes, clear local data</source>
        <translation>确认清除本地数据</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="437"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="444"/>
        <source>Refused: %n record(s) not yet delivered to the server. Sync first; never reset or reimage a kiosk with undelivered records.</source>
        <translation>
            <numerusform>已拒绝：%n 条记录尚未上传到服务器。请先同步；有未上传记录时切勿重置或重装自助机。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="446"/>
        <source>Refused: this kiosk has no local store.</source>
        <translation>已拒绝：本机没有本地存储。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="448"/>
        <source>Clears the kept prints for reprint, downloaded catalog versions and bundles in the data folder. Cases, audit, logs and settings stay.</source>
        <translation>将清除留存待补打的打印件、已下载的事项目录版本和数据目录中的诊断包。案件、审计记录、日志和配置保留。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="451"/>
        <source>Nothing is waiting to be sent: local data can be cleared.</source>
        <translation>没有待上传的数据：可以清除本地数据。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="454"/>
        <source>Reset a device (close and reopen):</source>
        <translation>重置设备（关闭后重新打开）：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="473"/>
        <source>Reprint one of the last documents (kept 24 h, at most 10):</source>
        <translation>补打最近的单据（保留 24 小时，最多 10 份）：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="474"/>
        <source>Reprint: no document printed in the last 24 h.</source>
        <translation>补打：最近 24 小时没有打印过单据。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="481"/>
        <source>did not print</source>
        <translation>未打印成功</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="493"/>
        <source>Restarting…</source>
        <translation>正在重启…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="509"/>
        <source>Reset refused: %1</source>
        <translation>已拒绝清除：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="512"/>
        <source>Local data cleared: %1</source>
        <translation>本地数据已清除：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="517"/>
        <source>Resetting %1…</source>
        <translation>正在重置 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="525"/>
        <source>%1 could not be reset: %2</source>
        <translation>%1 无法重置：%2</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="528"/>
        <source>%1 reopened: %2</source>
        <translation>%1 已重新打开：%2</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="533"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="539"/>
        <source>Reprinted.</source>
        <translation>已补打。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="540"/>
        <source>The reprint failed: see the printer on the Devices page.</source>
        <translation>补打失败：请在“设备”页查看打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="545"/>
        <source>The kiosk is out of service.</source>
        <translation>自助机已暂停服务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="545"/>
        <source>The kiosk is back in service.</source>
        <translation>自助机已恢复服务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="550"/>
        <source>Loading the catalog…</source>
        <translation>正在加载事项目录…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="558"/>
        <source>The catalog has errors and was not loaded; the old one stays. See the log.</source>
        <translation>事项目录有错误，未加载，继续使用原目录。详见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="561"/>
        <source>Catalog %1 loaded: %2 services.</source>
        <translation>事项目录 %1 已加载：%2 项业务。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="567"/>
        <source>Writing the bundle…</source>
        <translation>正在写入诊断包…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="578"/>
        <source>The bundle could not be written: %1</source>
        <translation>诊断包写入失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="580"/>
        <source>Bundle written: %1</source>
        <translation>诊断包已写入：%1</translation>
    </message>
</context>
<context>
    <name>ApplicationForm</name>
    <message>
        <location filename="../../kiosk/application_form.py" line="49"/>
        <source>Printing your application form; take it from the A4 tray below.</source>
        <translation>正在打印申请表，请从下方A4出纸口取走。</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="50"/>
        <source>Your application form is printed; please take it.</source>
        <translation>申请表已打印，请取走。</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="51"/>
        <source>The application form did not print (paper out or jammed). Your application was received and is not affected. You can try again or ask staff.</source>
        <translation>申请表未打印完成（缺纸或卡纸）。您的申请已受理，不受影响。可以重试，或请工作人员帮助。</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="54"/>
        <source>This kiosk cannot print the application form right now. Your application was received and is not affected.</source>
        <translation>本机暂时不能打印申请表。您的申请已受理，不受影响。</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="59"/>
        <source>Print the application form</source>
        <translation>打印申请表</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="60"/>
        <source>Print the application form again</source>
        <translation>重新打印申请表</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="113"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="114"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="115"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="116"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="117"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="118"/>
        <source>Agent</source>
        <translation>代办人</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="118"/>
        <source>Agent&apos;s relationship</source>
        <translation>代办人与申请人关系</translation>
    </message>
    <message>
        <location filename="../../kiosk/application_form.py" line="119"/>
        <source>No mobile phone (no SMS)</source>
        <translation>无手机（不发短信）</translation>
    </message>
</context>
<context>
    <name>AreaScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="284"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页 / 共 %2 页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="285"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="286"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="64"/>
        <source>Police self-service</source>
        <translation>公安政务自助服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="65"/>
        <source>Touch the screen to start. 请触摸屏幕开始</source>
        <translation>请触摸屏幕开始 Touch the screen to start</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="66"/>
        <location filename="../../ui/screens/browse.py" line="67"/>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="92"/>
        <source>Pause animation</source>
        <translation>暂停动画</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="92"/>
        <source>Play animation</source>
        <translation>播放动画</translation>
    </message>
</context>
<context>
    <name>BookScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="185"/>
        <source>Choose a time for your visit</source>
        <translation>请选择办理时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="186"/>
        <source>Choose another time</source>
        <translation>选择其他时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="187"/>
        <source>Book this time</source>
        <translation>预约这个时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="247"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="220"/>
        <source>Booking is not available right now: the police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法预约：无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="223"/>
        <source>Looking for free times…</source>
        <translation>正在查找可预约的时间…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="225"/>
        <source>Free times on this day:</source>
        <translation>当天可预约的时间：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="226"/>
        <source>No free times on this day. Please choose another day.</source>
        <translation>当天已约满，请选择其他日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="214"/>
        <source>Someone has just taken this time. Please choose another.</source>
        <translation>该时间刚刚被预约，请选择其他时间。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="205"/>
        <source>Your visit: %1 at %2. The time is kept for you for 2 minutes.</source>
        <translation>您的预约：%1，地点：%2。该时间为您保留2分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="217"/>
        <source>This service cannot be booked here. Please ask at %1.</source>
        <translation>本机无法预约此业务，请到%1咨询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="215"/>
        <source>The time was released before you confirmed. Please choose again.</source>
        <translation>确认前该时间已释放，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="216"/>
        <source>The booking could not be confirmed. Please try again.</source>
        <translation>预约未能确认，请重试。</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="59"/>
        <source>Stop preview</source>
        <translation>停止预览</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="59"/>
        <source>Start camera preview</source>
        <translation>开始摄像头预览</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="62"/>
        <source>Frames per second, brightness (mean luma 0–255) and sharpness (variance of the Laplacian) appear here while the preview runs.</source>
        <translation>预览时此处显示帧率、亮度（平均亮度 0–255）和清晰度（拉普拉斯方差）。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="77"/>
        <source>No camera is configured.</source>
        <translation>未配置摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="82"/>
        <source>Devices are still starting.</source>
        <translation>设备仍在启动中。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="104"/>
        <source>NO PICTURE: the camera delivers no frames</source>
        <translation>无画面：摄像头没有输出图像</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="105"/>
        <source>TOO DARK: check the lens cover and the lighting</source>
        <translation>太暗：请检查镜头盖和照明</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="106"/>
        <source>BLURRED: clean the lens or check the focus</source>
        <translation>模糊：请清洁镜头或检查对焦</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="107"/>
        <source>OK: bright and sharp enough for the face check</source>
        <translation>正常：亮度和清晰度满足人脸核验</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="119"/>
        <source>Camera: %1 · %2×%3</source>
        <translation>摄像头：%1 · %2×%3</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="121"/>
        <source>Measured: %1 fps</source>
        <translation>实测帧率：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="122"/>
        <source>Brightness (mean luma): %1</source>
        <translation>亮度（平均亮度）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="123"/>
        <source>Sharpness (variance of Laplacian): %1</source>
        <translation>清晰度（拉普拉斯方差）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="124"/>
        <source>Faces found: %1</source>
        <translation>检测到人脸：%1</translation>
    </message>
</context>
<context>
    <name>CentreCheck</name>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="49"/>
        <source>The centre is checking your details, please wait…</source>
        <translation>正在向中心核验您的信息，请稍候…</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="50"/>
        <source>The centre cannot be reached to check your details; nothing has been submitted. Please try again, or go to the counter.</source>
        <translation>暂时无法连接中心核验，申请尚未提交。请稍后重试，或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="53"/>
        <source>Your identity was not verified here, so the centre cannot check your details; nothing was submitted. Please go to the counter.</source>
        <translation>本机未能核验您的身份，中心无法核对您的信息，申请未提交。请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="56"/>
        <source>The centre&apos;s check did not pass; nothing was submitted. Please go to the counter.</source>
        <translation>中心核验未通过，申请未提交。请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="59"/>
        <source>{why} Please go to {where}. Nothing was submitted.</source>
        <translation>{why}请到{where}办理。申请未提交。</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="60"/>
        <source>No household registration was found for you, so this cannot be done here; nothing was submitted. Please go to the police station where you are registered.</source>
        <translation>常住人口登记中没有查到您的户籍信息，本机不能办理，申请未提交。请到户籍所在地派出所办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/steps/centre_check.py" line="63"/>
        <source>The centre cannot use what you entered (e.g. the credit code&apos;s check character is wrong); please go back and correct it.</source>
        <translation>中心无法使用您填写的信息（如统一社会信用代码校验位不对），请返回核对修改。</translation>
    </message>
</context>
<context>
    <name>Collect</name>
    <message>
        <location filename="../../kiosk/collect.py" line="72"/>
        <source>Collecting at the kiosk needs your ID card read and your face verified. Please collect it at the counter, where staff will check your identity.</source>
        <translation>自助取证需要读取身份证并通过人脸核验。请到窗口由工作人员核验身份后领取证件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="75"/>
        <source>Looking for your card…</source>
        <translation>正在查询您的证件……</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="76"/>
        <source>There is no card waiting for you at this kiosk. You will get a text message when it is ready; ask at the counter if in doubt.</source>
        <translation>本机没有您待领取的证件。证件制作完成后会短信通知您；如有疑问请到窗口咨询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="79"/>
        <source>Your card is waiting in another kiosk. Please ask at the counter which one.</source>
        <translation>您的证件放在本大厅的另一台自助机中，请到窗口咨询具体位置。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="80"/>
        <source>The card system cannot be reached; nothing was dispensed. Please try again later or collect it at the counter.</source>
        <translation>暂时无法连接证件系统，未发放任何证件。请稍后再试或到窗口领取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="83"/>
        <source>Dispensing your card…</source>
        <translation>正在出证，请稍候……</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="84"/>
        <source>Please take your card from the slot.</source>
        <translation>请从出证口取走您的证件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="85"/>
        <source>Card collected. Please check the details on it and keep it safe.</source>
        <translation>证件已领取。请核对证件信息，妥善保管。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="86"/>
        <source>The card was not taken in time. It has been taken back into the machine and is kept safe. Please collect it at the counter with your ID card.</source>
        <translation>您未及时取走证件，证件已收回机内保管，不会交给他人。请持身份证到窗口领取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="89"/>
        <source>The card got stuck in the machine. Staff have been called and will help you.</source>
        <translation>出证时发生卡证故障，已通知工作人员，请稍候，工作人员会为您处理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="90"/>
        <source>Your card needs a check by staff. Please collect it at the counter.</source>
        <translation>您的证件需要工作人员核对，请到窗口领取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="91"/>
        <source>The card dispenser is not working; nothing was dispensed. Please collect it at the counter.</source>
        <translation>发证设备暂时不能使用，未发放任何证件。请到窗口领取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/collect.py" line="96"/>
        <source>Take it within {n} s</source>
        <translation>请在 {n} 秒内取走</translation>
    </message>
</context>
<context>
    <name>CollectScreen</name>
    <message>
        <location filename="../../ui/screens/collect.py" line="54"/>
        <source>Collect your card</source>
        <translation>自助取证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/collect.py" line="55"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/collect.py" line="56"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/collect.py" line="83"/>
        <source>Something went wrong. Please ask the staff.</source>
        <translation>出现故障，请联系工作人员。</translation>
    </message>
</context>
<context>
    <name>ConfigPage</name>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="488"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="488"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="490"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="491"/>
        <source>Settings (secrets hidden)</source>
        <translation>配置（密钥已隐藏）</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="89"/>
        <source>Your information</source>
        <translation>个人信息使用告知</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="91"/>
        <source>To handle your request the kiosk uses the information you give it and sends it encrypted to the police service platform. Nothing is kept on this machine after it has been delivered. You can stop at any time with Home.</source>
        <translation>为办理您的业务，自助机将使用您提供的信息，并加密传送至公安政务服务平台。送达后本机不保留任何信息。您可随时按“首页”停止办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="94"/>
        <source>I agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="95"/>
        <source>I do not agree</source>
        <translation>不同意</translation>
    </message>
</context>
<context>
    <name>Delivery</name>
    <message>
        <location filename="../../kiosk/delivery.py" line="18"/>
        <source>When it is ready it is posted free of charge to the address you gave; look out for an SMS.</source>
        <translation>制证完成后免费邮寄到您填写的地址，请注意查收短信。</translation>
    </message>
    <message>
        <location filename="../../kiosk/delivery.py" line="20"/>
        <source>When it is ready it is placed in this kiosk: after the SMS, collect it here with your ID card and a face check (Collect a finished card).</source>
        <translation>制证完成后放入本机自助取证，收到短信后到本机刷身份证、刷脸领取（自助取证）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/delivery.py" line="24"/>
        <source>No mobile number given, so no SMS: when it is ready it is posted free of charge to the address you gave; check progress with the case number.</source>
        <translation>您未留手机号码，不发送短信：制证完成后免费邮寄到您填写的地址，可凭受理编号查询进度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/delivery.py" line="26"/>
        <source>No mobile number given, so no SMS: check progress with the case number; once it says ready, collect it here with your ID card and a face check.</source>
        <translation>您未留手机号码，不发送短信：请凭受理编号查询进度，显示待领取后到本机刷身份证、刷脸领取。</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <location filename="../../app/demo_panel.py" line="75"/>
        <source>WeChat payment code scanned</source>
        <translation>已扫描微信付款码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="76"/>
        <source>Alipay payment code scanned</source>
        <translation>已扫描支付宝付款码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="124"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="151"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="152"/>
        <source>Resident ID card (rare characters in the name)</source>
        <translation>居民身份证（姓名含生僻字）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="153"/>
        <source>Hong Kong / Macao / Taiwan residence permit</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="154"/>
        <source>Foreigner&apos;s permanent residence card (2017)</source>
        <translation>外国人永久居留身份证（2017版）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="155"/>
        <source>Foreigner&apos;s permanent residence card (2023)</source>
        <translation>外国人永久居留身份证（2023版）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="161"/>
        <source>Take the card off the reader</source>
        <translation>从阅读器上取走证件</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="162"/>
        <source>Scan a WeChat payment code</source>
        <translation>扫描微信付款码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="163"/>
        <source>Scan an Alipay payment code</source>
        <translation>扫描支付宝付款码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="164"/>
        <source>Scan the last receipt&apos;s QR code</source>
        <translation>扫描最近一张回执的二维码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="165"/>
        <source>Scan this text</source>
        <translation>扫描此文本</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="166"/>
        <source>Phone pays the QR code on screen</source>
        <translation>手机支付屏幕上的二维码</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="167"/>
        <source>Phone user gives up (QR order expires)</source>
        <translation>手机用户放弃支付（二维码订单过期）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="168"/>
        <source>Next code payment: paid</source>
        <translation>下一笔付款码支付：成功</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="169"/>
        <source>Next code payment: declined</source>
        <translation>下一笔付款码支付：被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="170"/>
        <source>Next code payment: user confirms on the phone</source>
        <translation>下一笔付款码支付：用户在手机上确认</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="171"/>
        <source>Next code payment: gateway error</source>
        <translation>下一笔付款码支付：网关错误</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="172"/>
        <source>Next code payment: reversal fails</source>
        <translation>下一笔付款码支付：撤销失败</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="173"/>
        <source>Bank approves</source>
        <translation>银行批准</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="174"/>
        <source>Bank declines</source>
        <translation>银行拒绝</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="175"/>
        <source>Terminal never answers</source>
        <translation>终端无应答</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="176"/>
        <source>Charged, answer lost</source>
        <translation>已扣款，应答丢失</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="177"/>
        <source>Voids fail</source>
        <translation>撤销交易失败</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="178"/>
        <source>Terminal switched off</source>
        <translation>终端关机</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="179"/>
        <source>Terminal back online</source>
        <translation>终端恢复在线</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="180"/>
        <source>Paper runs out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="181"/>
        <source>Cover opened</source>
        <translation>机盖打开</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="182"/>
        <source>Printer back to normal</source>
        <translation>打印机恢复正常</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="183"/>
        <source>Citizen leaves the card in the slot</source>
        <translation>市民未取走出证口的证件</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="184"/>
        <source>Next card jams</source>
        <translation>下一张证件卡证</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="185"/>
        <source>Dispenser back to normal (jam cleared)</source>
        <translation>发证机恢复正常（已清除卡证）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="186"/>
        <source>Next finger is wet (smeared)</source>
        <translation>下一次按压手指潮湿（模糊）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="187"/>
        <source>Citizen&apos;s fingerprints cannot be read</source>
        <translation>市民指纹无法采集</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="188"/>
        <source>Fingers read normally</source>
        <translation>指纹恢复正常采集</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="192"/>
        <source>Simulated devices (demo only)</source>
        <translation>模拟设备（仅演示）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="194"/>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="195"/>
        <source>Code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="196"/>
        <source>Citizen&apos;s phone</source>
        <translation>群众的手机</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="197"/>
        <source>Payment-code gateway (demo server)</source>
        <translation>付款码网关（演示服务器）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="198"/>
        <source>Bank card terminal</source>
        <translation>银行卡支付终端</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="199"/>
        <source>Receipt printer</source>
        <translation>回执打印机</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="200"/>
        <source>Card dispenser (collect a finished card)</source>
        <translation>证件发放机（自助取证）</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="201"/>
        <source>Fingerprint module</source>
        <translation>指纹采集仪</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="211"/>
        <source>Any text to scan</source>
        <translation>任意要扫描的文本</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="228"/>
        <source>That simulated device is not running (yet).</source>
        <translation>该模拟设备（尚）未运行。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="236"/>
        <location filename="../../app/demo_panel.py" line="362"/>
        <location filename="../../app/demo_panel.py" line="381"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="244"/>
        <source>Card on the reader: %1</source>
        <translation>证件已放上阅读器：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="249"/>
        <source>Card taken off the reader.</source>
        <translation>证件已从阅读器上取走。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="259"/>
        <source>Type something to scan first.</source>
        <translation>请先输入要扫描的内容。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="261"/>
        <source>Text scanned.</source>
        <translation>文本已扫描。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="266"/>
        <source>No case submitted on this kiosk yet.</source>
        <translation>本机尚未提交任何办件。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="268"/>
        <source>Receipt QR code scanned: case %1</source>
        <translation>已扫描回执二维码：办件 %1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="292"/>
        <source>Bank terminal back online, approving.</source>
        <translation>银行卡终端恢复在线，批准交易。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="294"/>
        <source>Bank terminal: approves every sale.</source>
        <translation>银行卡终端：每笔交易均批准。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="297"/>
        <source>Bank terminal: %1</source>
        <translation>银行卡终端：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="308"/>
        <source>Printer back to normal.</source>
        <translation>打印机已恢复正常。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="311"/>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="321"/>
        <source>Dispenser back to normal.</source>
        <translation>发证机已恢复正常。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="326"/>
        <source>Dispenser: %1</source>
        <translation>发证机：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="333"/>
        <source>Fingers read normally.</source>
        <translation>指纹已恢复正常采集。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="338"/>
        <source>Fingerprint module: %1</source>
        <translation>指纹采集仪：%1</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="344"/>
        <source>Not linked to the demo server yet.</source>
        <translation>尚未连接演示服务器。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="364"/>
        <source>No QR code waiting to be paid.</source>
        <translation>没有等待支付的二维码。</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="366"/>
        <source>QR order %1 paid</source>
        <translation>二维码订单 %1 已支付</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="368"/>
        <source>QR order %1 expired</source>
        <translation>二维码订单 %1 已过期</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="370"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../app/demo_panel.py" line="383"/>
        <source>Gateway script set — %1</source>
        <translation>网关脚本已设置 — %1</translation>
    </message>
</context>
<context>
    <name>DiagnosticsOverlay</name>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="159"/>
        <source>Diagnostics · %1</source>
        <translation>设备诊断 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="160"/>
        <source>Exit diagnostics</source>
        <translation>退出诊断</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="162"/>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="162"/>
        <source>Self-tests</source>
        <translation>自检</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="162"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="163"/>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="163"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="163"/>
        <source>Sound and touch</source>
        <translation>声音与触摸</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="164"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="164"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/window.py" line="164"/>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="762"/>
        <source>Your application has been received</source>
        <translation>您的申请已受理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="764"/>
        <source>Your appointment is booked</source>
        <translation>预约成功</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="766"/>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="757"/>
        <source>Finished</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="757"/>
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="761"/>
        <source>Your application is finished</source>
        <translation>您的业务已办结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="769"/>
        <location filename="../../kiosk/receipts.py" line="33"/>
        <source>Case number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="769"/>
        <location filename="../../kiosk/receipts.py" line="47"/>
        <source>Booking number</source>
        <translation>预约号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="776"/>
        <source>Please take your ID card and the receipt.</source>
        <translation>请取走身份证和回执。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="778"/>
        <source>Please take the receipt.</source>
        <translation>请取走回执。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="780"/>
        <source>Please take your ID card.</source>
        <translation>请取走身份证。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="787"/>
        <source>Your visit: </source>
        <translation>预约时间：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="789"/>
        <source>Keep this number to check progress.</source>
        <translation>请保存此编号，用于查询办理进度。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/steps.py" line="795"/>
        <source>result within %n working days</source>
        <translation>
            <numerusform>%n个工作日内办结</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="800"/>
        <source>To bring later: </source>
        <translation>需后补的材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="802"/>
        <source>Your fingerprints were not taken here: please have them taken at %1 before the document is made.</source>
        <translation>指纹未在本机采集：请在制证前到%1补采指纹。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="806"/>
        <source>You gave no mobile number, so no SMS will come: check progress with the case number here or at the counter, and collect the result at the counter.</source>
        <translation>您未留手机号码，不会收到短信通知：请凭受理编号在本机或到窗口查询进度，并到窗口领取结果。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="811"/>
        <source>Finish and rate</source>
        <translation>完成并评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="811"/>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>Eligibility</name>
    <message>
        <location filename="../../kiosk/eligibility.py" line="30"/>
        <source>resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="31"/>
        <source>residence permit for Hong Kong, Macao and Taiwan residents</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="32"/>
        <source>foreign permanent resident ID card (2017)</source>
        <translation>外国人永久居留身份证（2017 版）</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="33"/>
        <source>foreign permanent resident ID card (2023)</source>
        <translation>外国人永久居留身份证（2023 版）</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="37"/>
        <source>{question} (must be “yes”)</source>
        <translation>{question}（须为“是”）</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="38"/>
        <source>{question} (must be “no”)</source>
        <translation>{question}（须为“否”）</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="39"/>
        <source>With a {cards}</source>
        <translation>持{cards}办理</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="40"/>
        <source>{first} or {second}</source>
        <translation>{first}或{second}</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="41"/>
        <source>Aged {low} to {high}</source>
        <translation>年龄 {low}–{high} 周岁</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="42"/>
        <source>Aged {low} or over</source>
        <translation>年满 {low} 周岁</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="43"/>
        <source>Under {age}</source>
        <translation>未满 {age} 周岁</translation>
    </message>
    <message>
        <location filename="../../kiosk/eligibility.py" line="44"/>
        <source>{rule} ({basis})</source>
        <translation>{rule}（{basis}）</translation>
    </message>
</context>
<context>
    <name>EligibilityScreen</name>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="53"/>
        <source>Before you start</source>
        <translation>开始办理前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="57"/>
        <source>This service cannot be done for you here</source>
        <translation>您不能在本机办理此项业务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="58"/>
        <source>%1 requires: %2</source>
        <translation>“%1”的办理条件：%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="60"/>
        <source>Where to go instead: %1</source>
        <translation>请您前往：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="62"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="63"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="64"/>
        <source>Change my answer</source>
        <translation>修改我的回答</translation>
    </message>
    <message>
        <location filename="../../ui/screens/eligibility.py" line="65"/>
        <source>Back to the services</source>
        <translation>返回业务列表</translation>
    </message>
</context>
<context>
    <name>Fees</name>
    <message>
        <location filename="../../kiosk/fees.py" line="130"/>
        <source>Fine</source>
        <translation>罚款</translation>
    </message>
</context>
<context>
    <name>FingerprintPanel</name>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="99"/>
        <source>right index finger</source>
        <translation>右手食指</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="100"/>
        <source>left index finger</source>
        <translation>左手食指</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="106"/>
        <source>No finger was felt on the window.</source>
        <translation>未检测到手指。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="107"/>
        <source>The finger moved: please keep it still until you are asked to lift it.</source>
        <translation>手指移动了：请保持不动，听到提示后再抬起。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="108"/>
        <source>The print was smeared: please dry your finger and place it lightly.</source>
        <translation>指纹模糊：请擦干手指，轻轻平放。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="109"/>
        <source>The print was too faint: please place the finger flat and press a little harder.</source>
        <translation>指纹太浅：请将手指放平，稍用力按压。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="111"/>
        <source>The two prints were not of the same finger: this finger is taken again.</source>
        <translation>两次按压的不是同一手指：请重新采集这枚手指。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="112"/>
        <source>The fingerprint could not be read.</source>
        <translation>未能读取指纹。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="140"/>
        <source>Fingerprints</source>
        <translation>采集指纹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="141"/>
        <source>Two fingers are taken, each placed twice. They are sent encrypted with your application and not kept on this kiosk.</source>
        <translation>共采集两枚指纹，每枚按压两次。指纹随申请加密上传，不在本机保存。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="144"/>
        <source>Please place your %1 flat on the fingerprint window</source>
        <translation>请将%1平放在采集窗口上</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="146"/>
        <source>Please place your %1 on the window once more</source>
        <translation>请再次将%1平放在采集窗口上</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="148"/>
        <source>Please lift your finger</source>
        <translation>请抬起手指</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="150"/>
        <source>Saving the fingerprint…</source>
        <translation>正在保存指纹……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="152"/>
        <source>Fingerprint %1 of %2</source>
        <translation>第 %1 枚，共 %2 枚</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="154"/>
        <source>Tries left for this finger: %1</source>
        <translation>本枚还可尝试 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="157"/>
        <source>The fingerprint reader is not working</source>
        <translation>指纹采集仪暂不可用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="158"/>
        <source>Please try again, or go on with your application and have your fingerprints taken at %1 before the document is made.</source>
        <translation>请再试一次，或继续办理，制证前到%1补采指纹。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="164"/>
        <source>Your fingerprints could not be read here</source>
        <translation>本机未能采集到您的指纹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="165"/>
        <source>Fingerprints at the counter</source>
        <translation>到窗口补采指纹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="166"/>
        <source>You can go on with your application. Your fingerprints will be taken at %1 before the document is made: that is one visit.</source>
        <translation>您可以继续办理。制证前请到%1补采指纹（需跑动一次）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="176"/>
        <source>I cannot give fingerprints here</source>
        <translation>无法在本机采集指纹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="177"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/fingerprint.py" line="178"/>
        <source>Go on: fingerprints at the counter</source>
        <translation>继续办理，到窗口补采</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="133"/>
        <source>Please fill in</source>
        <translation>请填写</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="134"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="134"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="155"/>
        <location filename="../../ui/screens/steps.py" line="156"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="183"/>
        <source> (optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="212"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2024-05-31</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="274"/>
        <source>Please choose the province, city and district, then enter the street and number.</source>
        <translation>请依次选择省、市、区县，再输入街道和门牌号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="282"/>
        <source>I have no mobile phone</source>
        <translation>我没有手机</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="282"/>
        <source>No mobile phone</source>
        <translation>没有手机</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="307"/>
        <source>Please fill this in.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="308"/>
        <source>This is too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="309"/>
        <source>Please enter an 11-digit mobile number starting with 1.</source>
        <translation>请输入以1开头的11位手机号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="310"/>
        <source>Please enter a date like 2024-05-31.</source>
        <translation>请按 2024-05-31 的格式输入日期。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="311"/>
        <source>This date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="312"/>
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="313"/>
        <source>Please choose one.</source>
        <translation>请选择一项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="314"/>
        <source>Please enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="315"/>
        <source>This number is out of range.</source>
        <translation>数值超出范围。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="316"/>
        <source>Please enter a plate like 京A12345.</source>
        <translation>请按 京A12345 的格式输入号牌。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="317"/>
        <source>Please check this.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="347"/>
        <source>Please correct the marked fields.</source>
        <translation>请修改标出的项目。</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="350"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="350"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="365"/>
        <location filename="../../kiosk/guide_print.py" line="19"/>
        <source>Conditions</source>
        <translation>办理条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="368"/>
        <location filename="../../kiosk/guide_print.py" line="20"/>
        <source>Who can apply</source>
        <translation>申请对象</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="375"/>
        <location filename="../../kiosk/guide_print.py" line="21"/>
        <source>What to bring</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="377"/>
        <source>Nothing.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="379"/>
        <location filename="../../kiosk/guide_print.py" line="23"/>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="379"/>
        <location filename="../../kiosk/guide_print.py" line="24"/>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="381"/>
        <source>%n copies</source>
        <translation>
            <numerusform>%n份</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="383"/>
        <location filename="../../kiosk/guide_print.py" line="26"/>
        <source>may be brought later</source>
        <translation>可容缺后补</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="385"/>
        <location filename="../../kiosk/guide_print.py" line="27"/>
        <source>Fees</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="387"/>
        <source>Free of charge.</source>
        <translation>免费。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="391"/>
        <source>Exempt: </source>
        <translation>减免：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="393"/>
        <location filename="../../kiosk/guide_print.py" line="30"/>
        <source>Time limits</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="398"/>
        <source>collect at this kiosk (self-service card collection)</source>
        <translation>本机自助取证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="404"/>
        <source>If this kiosk cannot help</source>
        <translation>自助机无法办理时</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="407"/>
        <source>※ Local example values: they may differ in your city.</source>
        <translation>※ 标注的内容为示例，以当地规定为准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="425"/>
        <source>Agree and start</source>
        <translation>同意并开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="492"/>
        <source>No visit needed</source>
        <translation>一次不用跑</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="494"/>
        <source>At most one visit</source>
        <translation>最多跑一次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="495"/>
        <source>Visits needed: %1</source>
        <translation>跑动次数：%1次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="396"/>
        <source>finished here at once</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="348"/>
        <source>One-time notice (service guide)</source>
        <translation>一次性告知（办事指南）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="396"/>
        <source>pick up at the counter</source>
        <translation>窗口领取</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="397"/>
        <source>free mail delivery</source>
        <translation>免费邮寄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="397"/>
        <location filename="../../kiosk/receipts.py" line="56"/>
        <source>electronic certificate</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="399"/>
        <source>How you receive the result: </source>
        <translation>结果领取方式：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="401"/>
        <location filename="../../kiosk/guide_print.py" line="34"/>
        <source>Legal basis</source>
        <translation>设定依据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="413"/>
        <source>Do these together (one form)</source>
        <translation>一并办理（只填一次）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="419"/>
        <source>Please go to: </source>
        <translation>请到：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="425"/>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="430"/>
        <location filename="../../ui/screens/browse.py" line="431"/>
        <source>Print this notice</source>
        <translation>打印告知单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="461"/>
        <source>Your information: by tapping &quot;Agree and start&quot; you let the kiosk use what you enter for this service and send it encrypted to the police service platform; nothing stays on this machine after delivery. If you do not agree, tap Back.</source>
        <translation>个人信息使用告知：点击“同意并开始办理”，即同意本机使用您填写的信息办理本事项，并加密发送至公安政务服务平台，送达后本机不留存。不同意请点“返回”。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="466"/>
        <source>The face check is asked for separately; staff can verify you instead.</source>
        <translation>人脸识别将另行征求您的同意，也可改为人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="499"/>
        <source>Done on the spot.</source>
        <translation>当场办结。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="502"/>
        <source>Legal limit: %n working days</source>
        <translation>
            <numerusform>法定时限：%n个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="504"/>
        <source>We promise: %n working days</source>
        <translation>
            <numerusform>承诺时限：%n个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="505"/>
        <source>No fixed time limit.</source>
        <translation>无固定时限。</translation>
    </message>
</context>
<context>
    <name>GuideSlip</name>
    <message>
        <location filename="../../kiosk/guide_print.py" line="18"/>
        <source>One-time notice</source>
        <translation>一次性告知单</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="22"/>
        <source>Nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="25"/>
        <source>{n} copies</source>
        <translation>{n}份</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="28"/>
        <source>Free of charge</source>
        <translation>免费</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="29"/>
        <source>Exempt: {reason}</source>
        <translation>减免：{reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="31"/>
        <source>legal limit {n} working days</source>
        <translation>法定{n}个工作日</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="32"/>
        <source>promised {n} working days</source>
        <translation>承诺{n}个工作日</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="33"/>
        <source>Visits needed: {n}</source>
        <translation>跑动次数：{n}次</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="35"/>
        <source>Counter: {counter}</source>
        <translation>办理地点：{counter}</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="36"/>
        <source>Values marked as examples are local.</source>
        <translation>标注为示例的数值以当地为准。</translation>
    </message>
    <message>
        <location filename="../../kiosk/guide_print.py" line="37"/>
        <source>Printed: {time}</source>
        <translation>打印时间：{time}</translation>
    </message>
</context>
<context>
    <name>Hardware</name>
    <message>
        <location filename="../../kiosk/hardware.py" line="27"/>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="28"/>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="29"/>
        <source>RGB + infrared camera</source>
        <translation>双目（可见光+红外）摄像头</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="30"/>
        <source>printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="31"/>
        <source>payment terminal</source>
        <translation>支付终端</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="32"/>
        <source>code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="33"/>
        <source>document printer</source>
        <translation>证明打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="34"/>
        <source>card dispenser</source>
        <translation>证件发放机</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="35"/>
        <source>fingerprint reader</source>
        <translation>指纹采集仪</translation>
    </message>
    <message>
        <location filename="../../kiosk/hardware.py" line="38"/>
        <source>The {device} is not working; services that need it are paused, everything else works.</source>
        <translation>{device}暂不可用，需要它的业务暂停办理，其他业务照常。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="151"/>
        <source>What would you like to do?</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="155"/>
        <source>Please have your ID card ready</source>
        <translation>请准备好身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="166"/>
        <source>Most used</source>
        <translation>常用业务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="194"/>
        <source>All services by area</source>
        <translation>全部业务</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/browse.py" line="205"/>
        <source>%n services</source>
        <translation>
            <numerusform>%n项业务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="202"/>
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="203"/>
        <source>Please enter your ID number.</source>
        <translation>请输入身份号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="223"/>
        <source>Please stand in front of the camera</source>
        <translation>请站到摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="224"/>
        <source>Only one person in front of the camera, please</source>
        <translation>请只留一人在摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="225"/>
        <source>Please come closer</source>
        <translation>请靠近一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="226"/>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="227"/>
        <source>Please move to the middle of the picture</source>
        <translation>请移到画面中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="228"/>
        <source>Too dark: please face the light</source>
        <translation>光线太暗，请面向光源</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="229"/>
        <source>Too bright: please step out of the direct light</source>
        <translation>光线太亮，请避开强光</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="230"/>
        <source>Please hold still</source>
        <translation>请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="231"/>
        <source>Please look straight at the camera</source>
        <translation>请正对摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="232"/>
        <source>Please move so that your whole face is in the picture</source>
        <translation>请调整位置，让整张脸都在画面内</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="233"/>
        <source>Good. Hold still</source>
        <translation>很好，请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="234"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="239"/>
        <source>A little further to your left, please</source>
        <translation>请再向左多转一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="240"/>
        <source>A little further to your right, please</source>
        <translation>请再向右多转一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="243"/>
        <source>Please blink your eyes</source>
        <translation>请眨眨眼</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="244"/>
        <source>Please turn your head slowly to your left</source>
        <translation>请慢慢向左转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="245"/>
        <source>Please turn your head slowly to your right</source>
        <translation>请慢慢向右转头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="252"/>
        <source>Enter your ID number</source>
        <translation>请输入身份号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="253"/>
        <source>Without a card, the kiosk compares your face with the photo the police service holds for this number. Type the 18 characters, then confirm.</source>
        <translation>未带身份证时，自助机将您的面部与公安机关留存的该号码照片进行比对。请输入18位号码，然后确认。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="256"/>
        <source>Place your ID card on the reader</source>
        <translation>请将身份证放在阅读区</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="257"/>
        <source>Put the card flat on the reader and leave it there until the next page appears.</source>
        <translation>请将证件平放在阅读区，出现下一页前请勿移开。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="259"/>
        <source>Reading the card again…</source>
        <translation>正在重新读卡…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="260"/>
        <source>The card could not be read. Please leave it on the reader.</source>
        <translation>未能读取证件，请将证件继续放在阅读区。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="262"/>
        <source>The card cannot be read</source>
        <translation>无法读取证件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="263"/>
        <source>Take the card off, wipe it and place it again. You can also enter your ID number or choose staff verification.</source>
        <translation>请取下证件擦拭后重新放置。您也可以输入身份号码，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="266"/>
        <source>The card was taken away</source>
        <translation>证件已被移开</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="267"/>
        <source>The card was removed before it was read. Please place it on the reader again and leave it there.</source>
        <translation>证件在读取完成前被移开。请重新放在阅读区，并保持不动。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="270"/>
        <source>This card has expired</source>
        <translation>证件已过有效期</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="271"/>
        <source>An expired card cannot be used here. Please place a valid card, or choose staff verification at the counter.</source>
        <translation>过期证件不能在本机使用。请放置有效证件，或选择到窗口人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="274"/>
        <source>The card reader is not working</source>
        <translation>身份证阅读器暂不可用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="275"/>
        <source>You can enter your ID number instead, or choose staff verification.</source>
        <translation>您可以改为输入身份号码，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="277"/>
        <source>One moment, please…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="277"/>
        <source>Looking up the photo for this ID number.</source>
        <translation>正在查询该身份号码的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="279"/>
        <source>the photo the police service holds for you (or, if it cannot be reached, the photo on your ID card)</source>
        <translation>公安机关存档的您的照片（如暂时无法连接，则使用身份证芯片中的照片）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="281"/>
        <source>the photo the police service holds for your ID number</source>
        <translation>公安机关留存的您身份号码对应的照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="282"/>
        <source>Verify your identity with your face?</source>
        <translation>是否使用刷脸核验身份？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="283"/>
        <source>The kiosk compares your face with %1. You will be asked to blink and turn your head. Pictures of your face are used only for this check and are not kept. If you prefer, staff will verify you at the counter instead.</source>
        <translation>自助机将把您的面部与%1进行比对，过程中会请您眨眼和转头。面部图像仅用于本次核验，不会保存。如您不愿刷脸，可改由工作人员在窗口为您核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="287"/>
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="287"/>
        <source>Please stand in front of the camera.</source>
        <translation>请站到摄像头前。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="289"/>
        <source>Look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="291"/>
        <source>Let us take a second look</source>
        <translation>请再让我们看一次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="292"/>
        <source>The photo on your ID card is small, so the kiosk is not sure yet. Please take off glasses or a hat, face the light and look straight at the camera. The kiosk takes %1 more pictures. If it still cannot confirm you, staff will check your identity at the counter, and you can continue either way.</source>
        <translation>身份证芯片中的照片较小，暂时无法确认。请摘下眼镜或帽子，面向光线，正视摄像头。本机将再拍 %1 张照片。如果仍无法确认，将由窗口工作人员核验您的身份；无论结果如何，您都可以继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="299"/>
        <source>Your face could not be matched with the photo.</source>
        <translation>您的面部与照片未能比对一致。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="300"/>
        <source>We did not see the movement in time.</source>
        <translation>未能在规定时间内识别到动作。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="301"/>
        <source>We could not get a clear picture in time.</source>
        <translation>未能在规定时间内获得清晰的画面。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="302"/>
        <source>The check did not succeed.</source>
        <translation>核验未成功。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="303"/>
        <source>Not verified</source>
        <translation>核验未通过</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="304"/>
        <source>You can try again, or choose staff verification.</source>
        <translation>您可以重试，或选择人工核验。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="306"/>
        <source>Identity verified</source>
        <translation>身份核验通过</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="306"/>
        <source>Thank you. Your identity has been confirmed.</source>
        <translation>谢谢，您的身份已确认。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="309"/>
        <location filename="../../ui/screens/identify.py" line="310"/>
        <source>The kiosk could not confirm your identity.</source>
        <translation>自助机未能确认您的身份。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="311"/>
        <source>The camera is not working.</source>
        <translation>摄像头暂不可用。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="312"/>
        <source>No photo usable for the check was found.</source>
        <translation>未找到可用于核验的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="313"/>
        <source>Without an ID card, the face check needs the police service&apos;s photo, and the police service cannot be reached right now.</source>
        <translation>没有身份证时，人脸核验需要使用公安机关存档的照片，但目前无法连接公安机关的服务。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="316"/>
        <source>Staff will verify your identity at %1. You can continue now; please go there when you have finished.</source>
        <translation>工作人员将在%1为您核验身份。您现在可以继续办理，办理完成后请前往该处。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="318"/>
        <source>Staff will verify you</source>
        <translation>由工作人员为您核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="331"/>
        <source>Card holder: %1</source>
        <translation>持证人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="349"/>
        <source>Seconds left: %1</source>
        <translation>剩余 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="351"/>
        <source>Pictures taken: %1 of %2</source>
        <translation>已拍摄：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="361"/>
        <source>ID number</source>
        <translation>身份号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="362"/>
        <source>18 characters</source>
        <translation>18位号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="370"/>
        <source>Verify with my face</source>
        <translation>刷脸核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="371"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="372"/>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="373"/>
        <source>I do not have my ID card with me</source>
        <translation>我没有带身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="374"/>
        <source>Use an ID card</source>
        <translation>使用身份证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="375"/>
        <source>Staff verification instead</source>
        <translation>改为人工核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="376"/>
        <source>Confirm number</source>
        <translation>确认号码</translation>
    </message>
</context>
<context>
    <name>Identity</name>
    <message>
        <location filename="../../kiosk/identity.py" line="191"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
</context>
<context>
    <name>IssueScreen</name>
    <message>
        <location filename="../../ui/screens/issue.py" line="123"/>
        <source>You can try again now.</source>
        <translation>您可以现在重试。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="128"/>
        <source>Verification code: %1</source>
        <translation>验真码：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="134"/>
        <source>Staff have been called and will come to you.</source>
        <translation>已呼叫工作人员，请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="135"/>
        <source>Please wave to the staff at %1.</source>
        <translation>请向%1的工作人员招手示意。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="136"/>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="140"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="140"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="141"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="155"/>
        <source>Electronic copy QR code</source>
        <translation>电子证照二维码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/issue.py" line="158"/>
        <source>Electronic copy: scan this QR code with your phone to download the certificate as a digitally signed PDF (valid for 24 hours, at most 3 downloads).</source>
        <translation>电子证照：用手机扫描此二维码，下载带数字签名的PDF证明（24小时内有效，最多下载3次）。</translation>
    </message>
</context>
<context>
    <name>Issuing</name>
    <message>
        <location filename="../../kiosk/issuing.py" line="76"/>
        <source>the vehicle administration office or a vehicle registration service point</source>
        <translation>车辆管理所或机动车登记服务站</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="77"/>
        <source>The vehicle identification number (VIN) entered is not a valid 17-character VIN (it never contains I, O or Q).</source>
        <translation>输入的车辆识别代号（VIN）不是有效的17位代号（不含字母I、O、Q）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="89"/>
        <source>The vehicle register cannot be reached to check your vehicle; nothing was charged. Please try again later or go to the counter.</source>
        <translation>暂时无法连接车辆管理系统核对车辆信息，未收取任何费用。请稍后再试或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="92"/>
        <source>No household registration was found for you, so this cannot be done here; nothing was charged. Please go to the counter.</source>
        <translation>常住人口登记中没有查到您的户籍信息，本机不能办理，未收取任何费用。请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="95"/>
        <source>This is done here only after your face was checked against your ID. That did not happen this time; nothing was charged. Please go to the counter.</source>
        <translation>在本机办理需要通过人脸核验本人身份。本次未核验，未收取任何费用，请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="98"/>
        <source>This kiosk cannot print the temporary plate; nothing was charged. Please use another kiosk or the counter.</source>
        <translation>本机不能打印临时号牌，未收取任何费用。请到其他自助机或窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="104"/>
        <source>{why} Please go to {where}. Nothing was issued.</source>
        <translation>{why}请到{where}办理。未出具任何证明。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="105"/>
        <source>{why} Please go to {where}. Nothing was charged.</source>
        <translation>{why}请到{where}办理。未收取任何费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="112"/>
        <source>this kiosk again (check the code on the business licence) or the public-order counter</source>
        <translation>本机重新（请核对营业执照上的代码）或到公安机关治安管理部门窗口</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="114"/>
        <source>The unified social credit code entered is not a valid 18-character code (its check character does not fit, GB 32100); nothing was filed.</source>
        <translation>输入的统一社会信用代码不是有效的18位代码（按GB 32100校验位核对不符），未备案。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="118"/>
        <source>this kiosk again (check the code on the business licence) or the police station where the organisation is located</source>
        <translation>本机重新（请核对营业执照上的代码）或到单位住所地派出所</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="120"/>
        <source>The unified social credit code entered is not a valid 18-character code (its check character does not fit, GB 32100); nothing was checked.</source>
        <translation>输入的统一社会信用代码不是有效的18位代码（按GB 32100校验位核对不符），未查询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="124"/>
        <source>this kiosk again</source>
        <translation>本机重新</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="125"/>
        <source>The relative&apos;s ID number entered is your own; nothing was issued.</source>
        <translation>填写的亲属公民身份号码是您本人的号码，未出具任何证明。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="132"/>
        <source>Checking, please wait…</source>
        <translation>正在查询，请稍候…</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="133"/>
        <source>Scan the QR code to download the letter</source>
        <translation>请扫码下载查询告知函</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="136"/>
        <source>The notification letter is issued as a digitally signed electronic document; nothing is printed here. Scan the QR code with your phone to download it for your organisation.</source>
        <translation>查询告知函已出具为加盖电子签名的电子文件，本机不打印。请用手机扫描二维码下载，交单位留存。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="139"/>
        <source>The download link for the letter cannot be made right now. Please try again later or go to the police station where the organisation is located.</source>
        <translation>暂时无法取得电子告知函的下载链接。请稍后再试或到单位住所地派出所办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="146"/>
        <source>Scan this QR code with your phone to download the letter as a digitally signed PDF (valid for 24 hours, at most 3 downloads).</source>
        <translation>用手机扫描此二维码，下载带数字签名的PDF查询告知函（24小时内有效，最多3次）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="149"/>
        <source>Electronic copy: scan this QR code with your phone to download the filing receipt as a digitally signed PDF (valid for 24 hours, at most 3 downloads).</source>
        <translation>电子回执：用手机扫描此二维码，下载带数字签名的PDF备案回执（24小时内有效，最多3次）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="168"/>
        <source>Issuing your certificate…</source>
        <translation>正在出具证明…</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="169"/>
        <source>Asking the registration system for your certificate…</source>
        <translation>正在向户籍系统申请证明…</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="170"/>
        <source>Printing your certificate, please wait…</source>
        <translation>正在打印证明，请稍候…</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="171"/>
        <source>Please take your certificate</source>
        <translation>请取走您的证明</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="172"/>
        <location filename="../../kiosk/issuing.py" line="173"/>
        <location filename="../../kiosk/issuing.py" line="176"/>
        <source>Please go to the counter</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="174"/>
        <source>The certificate was not printed</source>
        <translation>证明未打印完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="175"/>
        <source>The certificate cannot be issued right now</source>
        <translation>暂时无法出具证明</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="177"/>
        <source>Certificates cannot be printed here right now</source>
        <translation>暂时无法打印证明</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="181"/>
        <source>The certificate comes out of the A4 tray below. Please stay here.</source>
        <translation>证明将从下方的A4出纸口送出，请不要离开。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="182"/>
        <source>A certificate is issued here only after your face was checked against your ID. That did not happen this time; nothing was issued. Please go to the counter.</source>
        <translation>在本机出具证明需要通过人脸核验本人身份。本次未核验，未出具任何证明，请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="185"/>
        <source>This kiosk&apos;s document printer is not working; nothing was issued. Please use another kiosk or the counter.</source>
        <translation>本机证明打印机暂不可用，未出具任何证明。请到其他自助机或窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="188"/>
        <source>No household registration was found for you. Please go to the counter.</source>
        <translation>常住人口登记中没有查到您的户籍信息，请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="190"/>
        <source>The registration system cannot be reached; nothing was issued. Please try again later or go to the counter.</source>
        <translation>暂时无法连接户籍系统，未出具任何证明。请稍后再试或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="193"/>
        <source>Printing did not finish (paper out or jammed); the certificate was not issued. Within 24 hours you can print the same certificate at any kiosk.</source>
        <translation>打印未完成（缺纸或卡纸），证明未出具。24小时内可在任一自助机重新打印同一份证明。</translation>
    </message>
    <message>
        <location filename="../../kiosk/issuing.py" line="196"/>
        <source>Your certificate is printed; please take it. Scan its QR code to verify it.</source>
        <translation>证明已打印，请取走。可扫描证明上的二维码验真。</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="448"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="448"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="451"/>
        <source>Lowest level %1</source>
        <translation>最低级别 %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="454"/>
        <location filename="../../ui/diagnostics/tools.py" line="460"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="455"/>
        <source>Subsystem %1</source>
        <translation>子系统 %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="458"/>
        <source>Newest first, at most %1 lines, level %2 and above, subsystem: %3 · %4 shown</source>
        <translation>最新在前，最多 %1 行，级别 %2 及以上，子系统：%3 · 显示 %4 行</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="462"/>
        <source>No log lines match.</source>
        <translation>没有符合条件的日志。</translation>
    </message>
</context>
<context>
    <name>OnBehalfScreen</name>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="79"/>
        <source>Whom do you act for?</source>
        <translation>为谁代办？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="80"/>
        <source>Who is this application for?</source>
        <translation>为谁办理？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="83"/>
        <source>This service must be done by the person themself: %1</source>
        <translation>本事项须本人办理：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="86"/>
        <source>You act for someone else: choose your relationship to them, then enter their name and ID number as in their household booklet.</source>
        <translation>您为他人代办：请选择您与申请人的关系，并按户口簿填写申请人的姓名和公民身份号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="89"/>
        <source>You have identified yourself. Are you applying for yourself or for someone else (an elderly parent, a child)?</source>
        <translation>您已核验身份。请问是为本人办理，还是代他人（如年迈的父母、子女）办理？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="92"/>
        <source>Staff will check this relationship and its proof before your application is processed.</source>
        <translation>代办关系及证明材料将由窗口民警核验后再办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="105"/>
        <source>Their name</source>
        <translation>申请人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="106"/>
        <source>Their ID number</source>
        <translation>申请人公民身份号码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="112"/>
        <source>For myself</source>
        <translation>本人办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="113"/>
        <source>For someone else</source>
        <translation>代他人办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="114"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="115"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="128"/>
        <source>Please choose your relationship; others must apply at the counter.</source>
        <translation>请选择您与申请人的关系；其他关系请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="130"/>
        <source>Please enter their name.</source>
        <translation>请填写申请人姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="133"/>
        <source>This is your own ID number: choose “For myself”.</source>
        <translation>这是您本人的身份号码，请选择“本人办理”。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/on_behalf.py" line="135"/>
        <source>This ID number is not valid. Please check every digit.</source>
        <translation>身份号码有误，请逐位核对。</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../../ui/screens/browse.py" line="534"/>
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/screens/browse.py" line="535"/>
        <source>Sorry. Please go to %1, where staff will help you.</source>
        <translation>抱歉，请到%1，工作人员将为您办理。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="153"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="153"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="45"/>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="46"/>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="47"/>
        <source>receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="48"/>
        <source>payment terminal</source>
        <translation>支付终端</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="49"/>
        <source>code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="50"/>
        <source>A4 document printer</source>
        <translation>A4文书打印机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="51"/>
        <source>certificate dispenser</source>
        <translation>自助取证机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="52"/>
        <source>binocular camera (visible and infrared)</source>
        <translation>双目摄像头（可见光与红外）</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="53"/>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="54"/>
        <source>not answering</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="55"/>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="56"/>
        <source>hardware fault</source>
        <translation>硬件故障</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="57"/>
        <source>busy</source>
        <translation>忙</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="58"/>
        <source>enough</source>
        <translation>充足</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="59"/>
        <source>running low</source>
        <translation>将用完</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="60"/>
        <source>empty</source>
        <translation>已用完</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="61"/>
        <source>jammed</source>
        <translation>卡纸</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="62"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="63"/>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="64"/>
        <source>paper jam</source>
        <translation>卡纸</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="65"/>
        <source>cover open</source>
        <translation>机盖打开</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="66"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="67"/>
        <source>no answer in time</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="68"/>
        <source>printer fault</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="69"/>
        <source>damaged data on the line</source>
        <translation>线路数据损坏</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="70"/>
        <source>card could not be read</source>
        <translation>无法读卡</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="71"/>
        <source>card taken away</source>
        <translation>卡已被取走</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="72"/>
        <source>card moved during reading</source>
        <translation>读卡时卡片移动</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="73"/>
        <source>security module fault</source>
        <translation>安全模块故障</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="74"/>
        <source>driver fault</source>
        <translation>驱动故障</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="75"/>
        <source>unexpected status</source>
        <translation>状态异常</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="76"/>
        <source>unreadable card data</source>
        <translation>卡片数据无法识别</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="175"/>
        <source>usable</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="175"/>
        <source>NOT USABLE</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="181"/>
        <source>Kind: %1 · driver: %2 · port: %3</source>
        <translation>类型：%1 · 驱动：%2 · 端口：%3</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="183"/>
        <source>Status: %1 · media: %2</source>
        <translation>状态：%1 · 耗材：%2</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="190"/>
        <source>Last error: %1 (%2)</source>
        <translation>最近错误：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="193"/>
        <source>Device reports: %1</source>
        <translation>设备自报信息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="196"/>
        <source>Since start: %1</source>
        <translation>开机以来：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="203"/>
        <source>Paused services (%1):</source>
        <translation>暂停的业务（%1 项）：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="206"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… 另有 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="208"/>
        <source>Needed by %n service(s), none paused.</source>
        <translation>
            <numerusform>%n 项业务需要此设备，均未暂停。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayScreen</name>
    <message>
        <location filename="../../ui/screens/pay.py" line="136"/>
        <source>Choose another way</source>
        <translation>换一种方式</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="137"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="179"/>
        <source>%1: free (%2)</source>
        <translation>%1：免收（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="184"/>
        <source>If this applies to you, ask at the counter before paying: %1</source>
        <translation>如符合以下情形，请先到窗口申请减免再缴费：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="190"/>
        <source>Nothing to pay</source>
        <translation>无需缴费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="190"/>
        <source>Paid</source>
        <translation>已缴费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="197"/>
        <source>Please pay the fee</source>
        <translation>请缴纳费用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="144"/>
        <source>Amount: ¥%1</source>
        <translation>应缴金额：¥%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="204"/>
        <source>Payment is not possible at this kiosk right now. Please pay at %1, or call staff.</source>
        <translation>本机暂时无法缴费。请到%1缴费，或呼叫工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="207"/>
        <source>How would you like to pay?</source>
        <translation>请选择支付方式：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="248"/>
        <source>Bank card (insert or tap on the terminal)</source>
        <translation>银行卡（在支付终端插卡或挥卡）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="249"/>
        <source>Show your WeChat / Alipay / UnionPay payment code to the scanner</source>
        <translation>出示微信／支付宝／云闪付付款码，对准扫码器</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="250"/>
        <source>Scan a QR code with your phone</source>
        <translation>用手机扫描屏幕上的二维码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="210"/>
        <source>Insert or tap your bank card on the payment terminal and enter your PIN there. Please wait until it says the payment is complete.</source>
        <translation>请在支付终端插入或挥动银行卡，并在终端上输入密码。请等待提示支付完成。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="216"/>
        <source>Open the payment code in WeChat, Alipay or UnionPay and hold it under the scanner.</source>
        <translation>请打开微信、支付宝或云闪付的付款码，放在扫码器下方。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="220"/>
        <source>Preparing the QR code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="214"/>
        <source>That is not a payment code. Please show the payment code from WeChat, Alipay or UnionPay.</source>
        <translation>这不是付款码。请出示微信、支付宝或云闪付的付款码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="218"/>
        <source>Payment in progress… If your phone asks for your password, enter it there.</source>
        <translation>正在支付… 如果手机提示输入密码，请在手机上输入。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="273"/>
        <source>The QR code could not be made right now. Nothing was charged.</source>
        <translation>暂时无法生成二维码，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="167"/>
        <source>Scan the QR code with WeChat, Alipay or your bank&apos;s app, and pay on your phone.</source>
        <translation>请用微信、支付宝或银行App扫描二维码，在手机上完成支付。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="222"/>
        <source>Scan the QR code with WeChat, Alipay or your bank&apos;s app, and pay on your phone. It is valid for %1 more seconds.</source>
        <translation>请用微信、支付宝或银行App扫描二维码，在手机上完成支付。二维码还有 %1 秒有效。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="225"/>
        <source>Closing the QR code…</source>
        <translation>正在关闭二维码订单…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="275"/>
        <source>Something went wrong with the payment. If money was taken it will be returned; please ask staff.</source>
        <translation>支付出现问题。如已扣款，款项将原路退回；请咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="192"/>
        <source>Payment complete</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="137"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="194"/>
        <source>Please go to the counter</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="196"/>
        <source>This cannot be done right now</source>
        <translation>暂时无法办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="227"/>
        <source>Checking with the centre that this can be done here… (nothing charged yet)</source>
        <translation>正在核对办理条件，请稍候…（尚未收费）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="232"/>
        <source>Thank you. ¥%1 has been paid. Your application is being saved now.</source>
        <translation>谢谢，已支付 ¥%1。正在保存您的申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="271"/>
        <source>your card</source>
        <translation>您的银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="271"/>
        <source>your WeChat / Alipay / bank account</source>
        <translation>您的微信／支付宝／银行账户</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="278"/>
        <source>The payment did not go through. Nothing was charged. You can try again or choose another way.</source>
        <translation>支付没有成功，未扣款。您可以重试或换一种方式。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="281"/>
        <source>The payment was declined. Nothing was charged. You can try again or choose another way.</source>
        <translation>支付被拒绝，未扣款。您可以重试或换一种方式。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="283"/>
        <source>The payment was stopped. Nothing was charged.</source>
        <translation>支付已取消，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="285"/>
        <source>This way of paying is not available right now. Nothing was charged.</source>
        <translation>这种支付方式暂时不可用，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="287"/>
        <source>We could not complete the payment, so your money was returned: ¥%1 will be back in %2 by %3.</source>
        <translation>支付未能完成，款项已退回：¥%1 将于 %3 前退回%2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="290"/>
        <source>We could not confirm the payment. If ¥%1 was taken, it will be returned to %2 by %3. Reference %4 — staff can look it up.</source>
        <translation>暂时无法确认支付结果。如已扣款 ¥%1，将于 %3 前退回%2。参考号 %4，工作人员可据此查询。</translation>
    </message>
</context>
<context>
    <name>PaymentNoticeScreen</name>
    <message>
        <location filename="../../ui/screens/pay.py" line="341"/>
        <source>A payment was interrupted</source>
        <translation>有一笔支付被中断</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="342"/>
        <source>OK</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="347"/>
        <location filename="../../kiosk/receipts.py" line="63"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="347"/>
        <location filename="../../kiosk/receipts.py" line="64"/>
        <source>payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="348"/>
        <location filename="../../kiosk/receipts.py" line="65"/>
        <source>QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="352"/>
        <source>¥%1 paid by %2 at %3 has been returned; it will be back by %4.</source>
        <translation>%3 通过%2支付的 ¥%1 已退回，将于 %4 前到账。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="354"/>
        <source>¥%1 paid by %2 at %3 is being returned; it will be back by %4.</source>
        <translation>%3 通过%2支付的 ¥%1 正在退回，将于 %4 前到账。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="356"/>
        <source>Reference: %1</source>
        <translation>参考号：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay.py" line="357"/>
        <source>The application was not submitted. Please start again, or ask staff for help.</source>
        <translation>该申请没有提交。请重新办理，或请工作人员帮助。</translation>
    </message>
</context>
<context>
    <name>PhaseBar</name>
    <message>
        <location filename="../../ui/screens/base.py" line="24"/>
        <source>Check and pay</source>
        <translation>核对缴费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="25"/>
        <source>Check and submit</source>
        <translation>核对提交</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="27"/>
        <source>Read the guide</source>
        <translation>须知</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="28"/>
        <source>Verify identity</source>
        <translation>核验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="29"/>
        <source>Fill in</source>
        <translation>填写</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="40"/>
        <source>Collect and rate</source>
        <translation>取件评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="41"/>
        <source>Collect</source>
        <translation>取件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="43"/>
        <source>Finish and rate</source>
        <translation>完成评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="44"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>PhotoScreen</name>
    <message>
        <location filename="../../ui/screens/photo.py" line="111"/>
        <source>Please stand in front of the camera</source>
        <translation>请站到摄像头前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="112"/>
        <source>Only one person in the picture, please</source>
        <translation>画面中请只留一人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="113"/>
        <source>Please look straight at the camera</source>
        <translation>请正对摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="114"/>
        <source>Please come closer</source>
        <translation>请靠近一点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="115"/>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="116"/>
        <source>Please move to the middle of the picture</source>
        <translation>请移到画面中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="117"/>
        <source>Please keep your eyes open</source>
        <translation>请睁开眼睛</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="118"/>
        <source>Your face has a strong shadow: please face the light</source>
        <translation>面部阴影太重，请面向光源</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="119"/>
        <source>The background must be plain: please stand in front of the white wall</source>
        <translation>背景须为纯色，请站到白墙前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="120"/>
        <source>The background must be light: please stand in front of the white wall</source>
        <translation>背景须为浅色，请站到白墙前</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="122"/>
        <source>Please step back a little and stand in the middle</source>
        <translation>请稍微后退，并站到中间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="123"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="129"/>
        <source>Photo for your certificate</source>
        <translation>拍摄证件照</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="130"/>
        <source>Stand in front of the white wall and look at the camera. Three photos are taken automatically when everything is right.</source>
        <translation>请站在白墙前看摄像头。各项符合要求后，将自动拍摄三张照片。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="132"/>
        <source>Good. Hold still</source>
        <translation>很好，请保持不动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="134"/>
        <source>Photos taken: %1 of %2</source>
        <translation>已拍摄：%1 / %2 张</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="136"/>
        <source>Choose your photo</source>
        <translation>请选择照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="137"/>
        <source>Tap the photo you like best, then confirm. Or take new photos.</source>
        <translation>请点选最满意的一张，然后确认；也可以重新拍摄。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="140"/>
        <source>The camera is not working</source>
        <translation>摄像头暂不可用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="141"/>
        <source>Please try again, or have your photo taken at %1.</source>
        <translation>请重试，或到%1拍照。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="152"/>
        <source>Use this photo</source>
        <translation>使用这张照片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="153"/>
        <source>Take new photos</source>
        <translation>重新拍摄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="154"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/photo.py" line="178"/>
        <source>Photo %1</source>
        <translation>照片 %1</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="84"/>
        <source>Technician PIN</source>
        <translation>运维人员密码</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="85"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="86"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="87"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="93"/>
        <source>%n digit(s) entered</source>
        <translation>
            <numerusform>已输入 %n 位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="97"/>
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>密码错误次数过多，请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="108"/>
        <source>This card is not a technician staff card.</source>
        <translation>此卡不是技术人员工作卡。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="131"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="138"/>
        <source>The PIN could not be checked. See the log.</source>
        <translation>密码无法验证，详见日志。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pinpad.py" line="146"/>
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>密码错误，还可尝试 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pinpad.py" line="148"/>
        <source>No technician PIN is configured on this kiosk.</source>
        <translation>本机未配置运维人员密码。</translation>
    </message>
</context>
<context>
    <name>PlateInput</name>
    <message>
        <location filename="../../ui/inputs.py" line="125"/>
        <source>Plate province: %1</source>
        <translation>号牌省份：%1</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="148"/>
        <source>Read status and print a test receipt</source>
        <translation>读取状态并打印测试小票</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="152"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="156"/>
        <source>Not tested yet</source>
        <translation>尚未测试</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="157"/>
        <source>The printer&apos;s status bits appear here.</source>
        <translation>此处显示打印机的状态位。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="160"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="160"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="161"/>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="161"/>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="164"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="167"/>
        <source>Online: %1</source>
        <translation>联机：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="168"/>
        <source>Cover open: %1</source>
        <translation>机盖打开：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="169"/>
        <source>Paper near end: %1</source>
        <translation>纸将用尽：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="170"/>
        <source>Paper end: %1</source>
        <translation>缺纸：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="171"/>
        <source>Error: %1</source>
        <translation>故障：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="174"/>
        <source>Test receipt printed</source>
        <translation>测试小票已打印</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="174"/>
        <source>Test receipt NOT printed</source>
        <translation>测试小票未打印</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="180"/>
        <source>Status bytes (DLE EOT n):</source>
        <translation>状态字节（DLE EOT n）：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="183"/>
        <source>out of paper: load a new roll</source>
        <translation>缺纸：请装入新纸卷</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="184"/>
        <source>cover open: close the printer cover</source>
        <translation>机盖打开：请关好打印机盖</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="185"/>
        <source>auto-cutter error: clear the paper jam</source>
        <translation>切刀故障：请清除卡纸</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="186"/>
        <source>the printer reports an error: switch it off and on</source>
        <translation>打印机报告故障：请关机后重新开机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="187"/>
        <source>the printer is offline</source>
        <translation>打印机脱机</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="188"/>
        <source>the printer does not answer status queries (off, unplugged or wrong port)</source>
        <translation>打印机不响应状态查询（未开机、未连接或端口错误）</translation>
    </message>
</context>
<context>
    <name>Queries</name>
    <message>
        <location filename="../../kiosk/queries.py" line="54"/>
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="55"/>
        <source>Being reviewed</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="56"/>
        <source>Approved, being produced</source>
        <translation>已批准，正在制证</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="57"/>
        <source>Not approved: please ask at the counter</source>
        <translation>未通过，请到窗口咨询</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="58"/>
        <source>Ready for pick-up</source>
        <translation>已制好，可领取</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="59"/>
        <source>Mailed</source>
        <translation>已寄出</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="60"/>
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="61"/>
        <source>More documents needed</source>
        <translation>需补充材料</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="74"/>
        <source>To protect the applicant&apos;s information, this case number is paused after too many wrong ID digits. Please try again in about {minutes} minute(s), or ask at the counter with your ID card.</source>
        <translation>为保护申请人的信息，这个受理编号输错身份号码的次数过多，查询已暂停。请约 {minutes} 分钟后再试，或携带身份证件到窗口查询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="77"/>
        <source>This kiosk has made too many searches. Please try again in about {minutes} minute(s), or ask at the counter.</source>
        <translation>本机查询次数过多，请约 {minutes} 分钟后再试，或到窗口查询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="85"/>
        <source>Please enter the last 4 characters of the ID number.</source>
        <translation>请输入身份号码的后4位。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="90"/>
        <source>No application matches this case number and these ID digits. Please check them, or ask at the counter.</source>
        <translation>没有找到与受理编号和身份号码后4位相符的业务。请核对后重试，或到窗口咨询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="98"/>
        <location filename="../../kiosk/queries.py" line="166"/>
        <source>{when}  {status}</source>
        <translation>{when}  {status}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="99"/>
        <source>{case}: {status}</source>
        <translation>{case}：{status}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="110"/>
        <source>Found on {date}</source>
        <translation>拾得日期：{date}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="111"/>
        <source>Found at: {place}</source>
        <translation>拾得地点：{place}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="112"/>
        <source>Kept at: {station}</source>
        <translation>保管单位：{station}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="113"/>
        <source>Nothing matching yet. Items are added as they are handed in: search again later, or report your lost item (ZA-0101).</source>
        <translation>暂未找到符合条件的物品。物品登记后会陆续入库，您可以稍后再查，或登记遗失物品（ZA-0101）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="130"/>
        <source>When: {when}</source>
        <translation>时间：{when}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="131"/>
        <source>Where: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="132"/>
        <source>Fine ¥{fine}, {points} points</source>
        <translation>罚款 ¥{fine}，记 {points} 分</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="133"/>
        <source>Paid</source>
        <translation>已缴纳</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="133"/>
        <source>Not paid yet</source>
        <translation>未缴纳</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="135"/>
        <source>No open traffic violations for plate {plate}.</source>
        <translation>号牌 {plate} 没有查到未处理的交通违法记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="143"/>
        <source>Your own records are looked up with your ID card read here. Without the card, please ask at the counter.</source>
        <translation>查询本人信息需要在本机读取您的身份证。没有带身份证的，请到窗口查询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="150"/>
        <source>No permanent household registration was found for you in this province (city). Please ask at the household registration counter of the police station where you are registered.</source>
        <translation>本省（市）户籍登记中没有查到您的常住户口信息。如有疑问，请到户口所在地派出所户籍窗口咨询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="155"/>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="156"/>
        <source>Your household registration (please check it; errors are corrected at the counter)</source>
        <translation>常住人口登记信息（请核对，有误请到户籍窗口更正）</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="164"/>
        <source>Exit</source>
        <translation>出境</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="164"/>
        <source>Entry</source>
        <translation>入境</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="167"/>
        <source>Port: {port}</source>
        <translation>口岸：{port}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="168"/>
        <source>Document: {document}</source>
        <translation>证件：{document}</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="169"/>
        <source>No exit or entry records were found for you.</source>
        <translation>没有查到您的出入境记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="176"/>
        <source>Please enter the plate number.</source>
        <translation>请输入号牌号码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="178"/>
        <source>No vehicle with plate {plate} is registered to you. Please check the plate, or go to the vehicle counter.</source>
        <translation>没有查到登记在您名下、号牌为 {plate} 的机动车。请核对号牌，或到车管所窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="184"/>
        <source>{plate}: exempt from the test, the mark can be issued</source>
        <translation>{plate}：符合免检条件，可以申领检验标志</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="186"/>
        <source>Inspection date: {due} (year {year} after registration)</source>
        <translation>本次检验日期：{due}（注册第 {year} 年）</translation>
    </message>
    <message>
        <location filename="../../kiosk/queries.py" line="189"/>
        <source>{plate}: the mark cannot be issued here</source>
        <translation>{plate}：不能在本机申领免检标志</translation>
    </message>
</context>
<context>
    <name>QueryScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="85"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="86"/>
        <source>Asking the police service platform. This usually takes a few seconds.</source>
        <translation>正在向公安政务服务平台查询，通常需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="68"/>
        <source>Change my answers</source>
        <translation>修改查询条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="69"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="74"/>
        <source>Please check your answers</source>
        <translation>请核对您填写的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="78"/>
        <source>The search is not available right now</source>
        <translation>暂时无法查询</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="79"/>
        <source>The police service platform cannot be reached. Please try again in a moment, or ask at %1.</source>
        <translation>暂时无法连接公安政务服务平台。请稍后重试，或到%1咨询。</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="897"/>
        <source>How was our service?</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="899"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="899"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="899"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="900"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="900"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="910"/>
        <source>What went wrong? (required when dissatisfied)</source>
        <translation>哪里不满意？（选择不满意时必填）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="911"/>
        <source>Send rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="912"/>
        <source>Finish without rating</source>
        <translation>不评价，直接结束</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="925"/>
        <source>Please choose a score.</source>
        <translation>请选择评分。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="927"/>
        <source>Please tell us what went wrong.</source>
        <translation>请告诉我们哪里做得不好。</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../kiosk/receipts.py" line="30"/>
        <source>Acceptance receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="31"/>
        <source>Appointment slip</source>
        <translation>预约单</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="32"/>
        <source>Payment voucher</source>
        <translation>缴费凭证</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="34"/>
        <source>Case number: {case} — {name}</source>
        <translation>受理编号：{case} — {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="35"/>
        <source>Service: {name} ({code})</source>
        <translation>办理事项：{name}（{code}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="36"/>
        <source>Service: {name}</source>
        <translation>办理事项：{name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="37"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="38"/>
        <source>Kiosk: {location} ({kiosk_id})</source>
        <translation>受理地点：{location}（{kiosk_id}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="39"/>
        <source>Kiosk: {location}</source>
        <translation>受理地点：{location}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="40"/>
        <source>ID number</source>
        <translation>身份号码</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="41"/>
        <source>Result by: {how}</source>
        <translation>领取方式：{how}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="42"/>
        <source>Expected by</source>
        <translation>预计办结</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="43"/>
        <source>Bring later:</source>
        <translation>需后补材料：</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="44"/>
        <source>Bring later: {materials}</source>
        <translation>需后补材料：{materials}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="45"/>
        <source>Scan or use the case number to check progress</source>
        <translation>扫码或凭受理编号查询办理进度</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="46"/>
        <source>Please rate our service</source>
        <translation>欢迎对本次服务进行评价（好差评）</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="48"/>
        <source>Booking number: {number}  {time}</source>
        <translation>预约号：{number}  {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="49"/>
        <source>Time</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="50"/>
        <source>Where: {counter}</source>
        <translation>办理地点：{counter}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="51"/>
        <source>Bring:</source>
        <translation>请携带：</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="52"/>
        <source>pick-up at the counter</source>
        <translation>窗口领取</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="53"/>
        <source>free mail</source>
        <translation>免费邮寄</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="54"/>
        <source>collect at this kiosk</source>
        <translation>本机自助取证</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="55"/>
        <source>finished here</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="57"/>
        <source>Paid</source>
        <translation>已缴费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="58"/>
        <source>Paid: ¥{amount}  Reference: {reference}</source>
        <translation>已缴费用：¥{amount}  交易参考号：{reference}</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="59"/>
        <source>Fee</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="60"/>
        <source>waived ({reason})</source>
        <translation>免收（{reason}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="61"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="62"/>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="66"/>
        <source>Reference</source>
        <translation>交易参考号</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="67"/>
        <source>Voucher no.</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="68"/>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="69"/>
        <source>Card</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="70"/>
        <source>Not a tax invoice: the official receipt is issued by the office handling your case.</source>
        <translation>本凭证不作报销凭据；缴款票据由受理单位依规开具。</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="72"/>
        <source>No mobile number given: no SMS will be sent. Check progress with this receipt&apos;s QR code or case number, and collect the result at the counter.</source>
        <translation>您未留手机号码，不发送短信通知。请凭本回执扫码或凭受理编号查询进度，到窗口领取结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="74"/>
        <source>Fingerprints were not taken here: bring this receipt and your ID to the counter to have them taken; the document is made after that.</source>
        <translation>指纹未在本机采集：请持本回执和身份证到窗口补采指纹，补采后方可制证。</translation>
    </message>
    <message>
        <location filename="../../kiosk/receipts.py" line="76"/>
        <source>No mobile number given: no confirmation SMS. Keep this slip and come to the counter at the time booked.</source>
        <translation>您未留手机号码，不发送确认短信。请保管好本预约单，按时到窗口办理。</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../ui/screens/receipt.py" line="61"/>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="64"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="65"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="89"/>
        <source>Please take your receipt</source>
        <translation>请取走您的回执</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="90"/>
        <source>It is below the screen. Keep it to check the progress.</source>
        <translation>回执在屏幕下方出纸口，请妥善保存，用于查询办理进度。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="96"/>
        <source>The receipt could not be printed</source>
        <translation>回执未能打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="98"/>
        <source>Your application is saved. Please photograph this screen, or print again when staff have fixed the printer.</source>
        <translation>您的申请已保存。请拍照留存本屏幕内容，或待工作人员修好打印机后重新打印。</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="116"/>
        <source>What we found</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="117"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="117"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="122"/>
        <source>Nothing found.</source>
        <translation>没有查到相关信息。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="130"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="434"/>
        <source>Please check before submitting</source>
        <translation>提交前请核对</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="435"/>
        <source>Check the highlighted name and document number carefully.</source>
        <translation>请仔细核对突出显示的姓名和证件号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="436"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="436"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="448"/>
        <source>Your answers</source>
        <translation>您填写的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="462"/>
        <source>No mobile phone: no SMS; notices come with the receipt and at the counter</source>
        <translation>没有手机：不发短信，请凭回执查询并到窗口领取</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="470"/>
        <source>Bring later: </source>
        <translation>后补材料：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="489"/>
        <source>Sign and confirm</source>
        <translation>签名确认</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="490"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="509"/>
        <source>Please go to the counter</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="534"/>
        <source>Please sign inside the box first.</source>
        <translation>请先在框内签名。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="450"/>
        <location filename="../../ui/screens/steps.py" line="475"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="433"/>
        <source>Please check and sign</source>
        <translation>请核对并签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="486"/>
        <source>Sign with your finger inside the box. Your signature confirms that what you entered is true.</source>
        <translation>请用手指在框内签名。签名即确认您填写的内容真实无误。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="487"/>
        <source>Signature box</source>
        <translation>签名框</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="488"/>
        <source>Clear and sign again</source>
        <translation>清除重签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="489"/>
        <source>Confirm and submit</source>
        <translation>确认并提交</translation>
    </message>
</context>
<context>
    <name>SelfTestsPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="231"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="231"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="232"/>
        <source>A test may print a receipt, read the card on the reader or wait up to 10 s for a scan.</source>
        <translation>自检可能会打印一张凭条、读取读卡器上的证件，或最多等待 10 秒扫码。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="247"/>
        <source>Test %1</source>
        <translation>自检 %1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="254"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="257"/>
        <source>Not tested yet</source>
        <translation>尚未自检</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="258"/>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="258"/>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../ui/shell.py" line="477"/>
        <source>Normal text</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="477"/>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="480"/>
        <location filename="../../app/selftest.py" line="99"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="481"/>
        <source>Repeat</source>
        <translation>重听</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="482"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="483"/>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="508"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="529"/>
        <source>Not available at this kiosk yet: please use the counter for now.</source>
        <translation>本机暂不能办理此业务，请先到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="532"/>
        <source>Paused: a device this service needs is not working.</source>
        <translation>暂停办理：此业务所需的设备出现故障。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="544"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="544"/>
        <source>The printer is not working. Please photograph the screen or ask staff.</source>
        <translation>打印机暂不可用，请拍照留存屏幕内容或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="553"/>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="557"/>
        <source>Staff have been called and will come to you.</source>
        <translation>已呼叫工作人员，请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="558"/>
        <source>Please wave to the staff at %1.</source>
        <translation>请向%1的工作人员招手示意。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="567"/>
        <source>Staff are on their way.</source>
        <translation>工作人员已收到，正在赶来。</translation>
    </message>
</context>
<context>
    <name>SignScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="591"/>
        <source>Please sign</source>
        <translation>请签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="592"/>
        <source>Sign with your finger inside the box. Your signature confirms that what you entered is true.</source>
        <translation>请用手指在框内签名。签名即确认您填写的内容真实无误。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="593"/>
        <source>Clear and sign again</source>
        <translation>清除重签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="594"/>
        <source>Confirm signature</source>
        <translation>确认签名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="597"/>
        <source>Signature box</source>
        <translation>签名框</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="602"/>
        <source>Please sign inside the box first.</source>
        <translation>请先在框内签名。</translation>
    </message>
</context>
<context>
    <name>SoundTouchPage</name>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="338"/>
        <source>Play the warning sound and a spoken sentence</source>
        <translation>播放提示音和一句语音</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="339"/>
        <source>Touch calibration check (tap 5 targets)</source>
        <translation>触摸校准检查（点击 5 个目标）</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="344"/>
        <location filename="../../ui/diagnostics/tools.py" line="354"/>
        <source>Not tested yet</source>
        <translation>尚未测试</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="346"/>
        <source>Warning sound played: %1</source>
        <translation>已播放提示音：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="348"/>
        <source>Spoken: “%1”</source>
        <translation>已朗读：“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="350"/>
        <source>No speech engine: voice guidance is off (install speech-dispatcher and espeak-ng).</source>
        <translation>没有语音引擎：语音引导已关闭（请安装 speech-dispatcher 和 espeak-ng）。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="351"/>
        <source>Did you hear both? If not, check the volume and the speaker cable.</source>
        <translation>两者都听到了吗？如果没有，请检查音量和扬声器连线。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="360"/>
        <source>This is the kiosk&apos;s voice test. If you can hear this, the speaker works.</source>
        <translation>这是自助机的语音测试。如果您能听到这句话，扬声器工作正常。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="369"/>
        <source>Tap the centre of the red target</source>
        <translation>请点击红色目标的中心</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="369"/>
        <source>Stop the touch test</source>
        <translation>停止触摸测试</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="388"/>
        <source>top left</source>
        <translation>左上</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="388"/>
        <source>top right</source>
        <translation>右上</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="389"/>
        <source>bottom right</source>
        <translation>右下</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="389"/>
        <source>bottom left</source>
        <translation>左下</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="390"/>
        <source>centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="391"/>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="391"/>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="392"/>
        <source>tolerance %1 mm</source>
        <translation>允许偏差 %1 毫米</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="394"/>
        <source>%1: off by %2 mm (x %3, y %4)</source>
        <translation>%1：偏差 %2 毫米（x %3，y %4）</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/tools.py" line="398"/>
        <source>Recalibrate the touch screen (xinput / the panel&apos;s own tool) and test again.</source>
        <translation>请重新校准触摸屏（xinput 或触摸屏自带工具）后再测试。</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../../ui/screens/steps.py" line="672"/>
        <source>Saving your application…</source>
        <translation>正在保存您的申请…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="673"/>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="668"/>
        <location filename="../../ui/screens/steps.py" line="669"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="675"/>
        <source>Your application could not be saved</source>
        <translation>您的申请未能保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="677"/>
        <source>This kiosk cannot take new applications right now (storage full). Nothing was charged.</source>
        <translation>本机存储已满，暂时无法受理新申请，未扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="678"/>
        <source>This kiosk cannot take applications right now.</source>
        <translation>本机暂时无法受理申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="679"/>
        <source>Something went wrong while saving.</source>
        <translation>保存时出现问题。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="681"/>
        <source>This kiosk cannot take new applications right now (storage full).</source>
        <translation>本机存储已满，暂时无法受理新申请。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="683"/>
        <source>Please go to %1 or call staff.</source>
        <translation>请到%1办理，或呼叫工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="685"/>
        <source>Returning your payment…</source>
        <translation>正在退回您的付款…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="689"/>
        <source>Your payment of ¥%1 was returned; it will be back by %2.</source>
        <translation>您支付的 ¥%1 已退回，将于 %2 前到账。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="692"/>
        <source>Your payment of ¥%1 will be returned by %2. Reference %3 — staff can look it up.</source>
        <translation>您支付的 ¥%1 将于 %2 前退回。参考号 %3，工作人员可据此查询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/steps.py" line="695"/>
        <source>Your payment will be returned. Please ask staff.</source>
        <translation>您的付款将会退回。请咨询工作人员。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="299"/>
        <source>Outbox: %1 record(s) waiting, %2 parked</source>
        <translation>待上传：%1 条，搁置：%2 条</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="300"/>
        <source>Oldest waiting: %1</source>
        <translation>最早待上传：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="303"/>
        <source>Server: not linked</source>
        <translation>服务器：未连接</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="305"/>
        <source>Server: online</source>
        <translation>服务器：在线</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="305"/>
        <source>Server: offline</source>
        <translation>服务器：离线</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="306"/>
        <source>Failures in a row: %1 · delivered since start: %2</source>
        <translation>连续失败：%1 次 · 启动以来已上传：%2 条</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="309"/>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="313"/>
        <source>Payments being settled or returned: %1 · needing a check by staff: %2</source>
        <translation>正在结算或退款的支付：%1 · 需工作人员核对：%2</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="316"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="319"/>
        <source>Send %n record(s) from the quarantined database</source>
        <translation>
            <numerusform>发送隔离数据库中的 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="323"/>
        <source>Alerts:</source>
        <translation>告警：</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="326"/>
        <source>No alerts.</source>
        <translation>无告警。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="330"/>
        <source>Sync started.</source>
        <translation>已开始同步。</translation>
    </message>
    <message>
        <location filename="../../ui/diagnostics/pages.py" line="330"/>
        <source>Not linked to a server.</source>
        <translation>未连接服务器。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/diagnostics/pages.py" line="335"/>
        <source>%n record(s) back in the outbox; they are sent with the others.</source>
        <translation>
            <numerusform>%n 条记录已放回待发送队列，将随其他记录一起发送。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <location filename="../../ui/timeout.py" line="123"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/timeout.py" line="125"/>
        <source>For your privacy this session ends in %n seconds.</source>
        <translation>
            <numerusform>为保护您的隐私，本次办理将在%n秒后结束。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/timeout.py" line="126"/>
        <location filename="../../ui/timeout.py" line="127"/>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <location filename="../../ui/timeout.py" line="128"/>
        <location filename="../../ui/timeout.py" line="129"/>
        <source>End now</source>
        <translation>结束办理</translation>
    </message>
</context>
</TS>
