<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DossierTable</name>
    <message>
        <source>Number</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申报单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>PDF files in the dossier</source>
        <translation>申报材料中的 PDF 文件数</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Pages in all its files</source>
        <translation>全部文件的总页数</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>专家数</translation>
    </message>
    <message>
        <source>Experts assigned to the dossier</source>
        <translation>分配给该申报材料的评审专家</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Reviews submitted (signed)</source>
        <translation>已提交（已签名）的评审意见</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New workspace…</source>
        <translation>新建工作区(&amp;N)…</translation>
    </message>
    <message>
        <source>Create an empty workspace in a new folder</source>
        <translation>在新文件夹中创建空白工作区</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>Open the workspace in a folder</source>
        <translation>打开某个文件夹中的工作区</translation>
    </message>
    <message>
        <source>Recent &amp;workspaces</source>
        <translation>最近的工作区(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Next desk</source>
        <translation>下一个工作台</translation>
    </message>
    <message>
        <source>Previous desk</source>
        <translation>上一个工作台</translation>
    </message>
    <message>
        <source>&amp;Rounds pane</source>
        <translation>评审轮次面板(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Reviewer Workstation</source>
        <translation>关于专家评审工作站(&amp;A)</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>评审轮次</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>The folder {folder} holds no workspace.
Create a new, empty workspace in it?</source>
        <translation>文件夹 {folder} 中没有工作区。
要在其中新建一个空白工作区吗？</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <source>The folder {folder} already holds a workspace.
Open it?</source>
        <translation>文件夹 {folder} 中已有一个工作区。
要打开它吗？</translation>
    </message>
    <message>
        <source>The folder {folder} is not empty.
Create the workspace in it anyway?</source>
        <translation>文件夹 {folder} 不是空的。
仍要在其中创建工作区吗？</translation>
    </message>
    <message>
        <source>Please wait until the running task has finished.</source>
        <translation>请等待正在进行的任务完成。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>评审秘书</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>未打开工作区</translation>
    </message>
    <message>
        <source>Workspace: {path}</source>
        <translation>工作区：{path}</translation>
    </message>
    <message>
        <source>Role: {role}</source>
        <translation>身份：{role}</translation>
    </message>
    <message>
        <source>Round: {name}</source>
        <translation>评审轮次：{name}</translation>
    </message>
    <message>
        <source>No round selected</source>
        <translation>未选择评审轮次</translation>
    </message>
    <message>
        <source>Reviewer Workstation</source>
        <translation>专家评审工作站</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Reviewer Workstation {version}&lt;/h3&gt;&lt;p&gt;Offline scoring of award applications by expert committees: conflict declarations, weighted scoring, signed returns, reconciliation and official sheets.&lt;/p&gt;&lt;p&gt;Chinese text is shown with the bundled font WenQuanYi Micro Hei (文泉驿微米黑), © 2008–2009 The WenQuanYi Project Board of Trustees and contributors, based on Droid Sans Fallback (© 2006–2008 Google), used under the Apache License 2.0 (or the GNU GPL v3 or later with the font exception).&lt;/p&gt;&lt;p&gt;Built with Qt for Python (PySide6 {pyside}).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;专家评审工作站 {version}&lt;/h3&gt;&lt;p&gt;供专家委员会离线评审申报材料：回避声明、加权评分、签名回传、分歧协调与正式表单。&lt;/p&gt;&lt;p&gt;中文显示使用随软件附带的字体文泉驿微米黑（WenQuanYi Micro Hei），© 2008–2009 文泉驿项目理事会及贡献者，基于 Droid Sans Fallback（© 2006–2008 Google），依据 Apache 许可证 2.0（或附字体例外条款的 GNU GPL 第 3 版及以后版本）使用。&lt;/p&gt;&lt;p&gt;基于 Qt for Python（PySide6 {pyside}）构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Reviewer Workstation</source>
        <translation>关于专家评审工作站</translation>
    </message>
    <message>
        <source>A task is still running. Cancel it and quit?</source>
        <translation>仍有任务正在进行。要取消该任务并退出吗？</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>OverviewDesk</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Programme:</source>
        <translation>评审项目：</translation>
    </message>
    <message>
        <source>Scoring form:</source>
        <translation>评分表：</translation>
    </message>
    <message>
        <source>Aggregation rule:</source>
        <translation>汇总规则：</translation>
    </message>
    <message>
        <source>Experts per dossier:</source>
        <translation>每份材料专家数：</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Dossiers:</source>
        <translation>申报材料：</translation>
    </message>
    <message>
        <source>Experts:</source>
        <translation>评审专家：</translation>
    </message>
    <message>
        <source>Assignments:</source>
        <translation>分配数：</translation>
    </message>
    <message>
        <source>Submitted reviews:</source>
        <translation>已提交评审：</translation>
    </message>
    <message>
        <source>Filter by number, title, applicant, category…</source>
        <translation>按编号、项目名称、申报单位、类别筛选…</translation>
    </message>
    <message>
        <source>Find dossier</source>
        <translation>查找申报材料</translation>
    </message>
    <message>
        <source>This workspace has no rounds yet.

A secretary creates a round; an expert imports the bundle file received from the secretary.</source>
        <translation>此工作区还没有评审轮次。

评审秘书可新建评审轮次；评审专家请导入秘书发来的评审包文件。</translation>
    </message>
    <message>
        <source>{shown} of {total} dossiers</source>
        <translation>显示 {shown} / 共 {total} 份申报材料</translation>
    </message>
    <message>
        <source>1 dossier</source>
        <translation>1 份申报材料</translation>
    </message>
    <message>
        <source>{n} dossiers</source>
        <translation>{n} 份申报材料</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>RoundsPane</name>
    <message>
        <source>{status} · {n} dossiers</source>
        <translation>{status} · {n} 份申报材料</translation>
    </message>
    <message>
        <source>{name}
Programme: {programme}
Form: {form} v{version}
Round id: {id}</source>
        <translation>{name}
评审项目：{programme}
评分表：{form} v{version}
轮次编号：{id}</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>评审轮次</translation>
    </message>
    <message>
        <source>No rounds yet.</source>
        <translation>还没有评审轮次。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>The demo round is ready.</source>
        <translation>演示评审轮次已就绪。</translation>
    </message>
    <message>
        <source>Building the demo round (dossiers, experts, reviews)…</source>
        <translation>正在生成演示评审轮次（申报材料、专家、评审意见）…</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>The file operation failed on {file}: {reason}</source>
        <translation>文件操作失败（{file}）：{reason}</translation>
    </message>
    <message>
        <source>The file operation failed: {reason}</source>
        <translation>文件操作失败：{reason}</translation>
    </message>
    <message>
        <source>The computer ran out of memory. Close other programs and try again.</source>
        <translation>电脑内存不足。请关闭其他程序后重试。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({kind}: {detail}).</source>
        <translation>发生了意外问题（{kind}：{detail}）。</translation>
    </message>
    <message>
        <source>The details were written to {log}.</source>
        <translation>详细信息已写入 {log}。</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>意外问题</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
</context>
</TS>
