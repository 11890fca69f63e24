<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgreementTable</name>
    <message>
        <source>Intraclass correlation, one-way random, single expert</source>
        <translation>组内相关系数，单因素随机模型，单个专家评分</translation>
    </message>
    <message>
        <source>Intraclass correlation, two-way random, single expert (absolute agreement)</source>
        <translation>组内相关系数，双因素随机模型，单个专家评分（绝对一致）</translation>
    </message>
    <message>
        <source>Intraclass correlation, two-way mixed, single expert (consistency)</source>
        <translation>组内相关系数，双因素混合模型，单个专家评分（相对一致）</translation>
    </message>
    <message>
        <source>Intraclass correlation, one-way random, mean of the experts</source>
        <translation>组内相关系数，单因素随机模型，专家平均分</translation>
    </message>
    <message>
        <source>Intraclass correlation, two-way random, mean of the experts</source>
        <translation>组内相关系数，双因素随机模型，专家平均分</translation>
    </message>
    <message>
        <source>Intraclass correlation, two-way mixed, mean of the experts</source>
        <translation>组内相关系数，双因素混合模型，专家平均分</translation>
    </message>
    <message>
        <source>Kendall&apos;s coefficient of concordance: do the experts order the dossiers alike</source>
        <translation>肯德尔和谐系数：各专家对申报项目的排序是否一致</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>统计量</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>解读</translation>
    </message>
</context>
<context>
    <name>AssignPanel</name>
    <message>
        <source>Experts per dossier:</source>
        <translation>每份材料专家数：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>The same seed on the same data gives the same assignment, so it can be reproduced and explained</source>
        <translation>相同的数据和相同的种子总会得到相同的分配结果，便于复核和说明</translation>
    </message>
    <message>
        <source>Re-plan automatic assignments not yet sent</source>
        <translation>重新安排尚未发出的自动分配</translation>
    </message>
    <message>
        <source>Assignments made by hand, already reviewed or already in a sent bundle always stay</source>
        <translation>手工分配、已有评审意见或已随评审包发出的分配始终保留</translation>
    </message>
    <message>
        <source>Assign automatically</source>
        <translation>自动分配</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>conflict: cannot be assigned</source>
        <translation>回避：不能分配</translation>
    </message>
    <message>
        <source>likely conflict still to decide</source>
        <translation>疑似回避，待核实</translation>
    </message>
    <message>
        <source>Click a cell to assign or withdraw; the header shows each expert&apos;s load.</source>
        <translation>单击格子即可分配或撤销；列标题显示每位专家的评审量。</translation>
    </message>
    <message>
        <source>Import dossiers and the expert roster first; then assign here.</source>
        <translation>请先导入申报材料和专家名单，再在此分配。</translation>
    </message>
    <message>
        <source>{n} dossiers have fewer than {k} experts: {numbers}</source>
        <translation>{n} 份申报材料的专家不足 {k} 位：{numbers}</translation>
    </message>
    <message>
        <source>Every dossier has its experts.</source>
        <translation>每份申报材料都已配齐专家。</translation>
    </message>
    <message>
        <source>Added {added}, removed {removed}, kept {kept} (K = {k}, seed {seed}).</source>
        <translation>新增 {added} 项，撤销 {removed} 项，保留 {kept} 项（每份 {k} 位专家，种子 {seed}）。</translation>
    </message>
    <message>
        <source>{number}: only {eligible} eligible experts, {assigned} of {needed} assigned</source>
        <translation>{number}：仅有 {eligible} 位专家可以评审，已分配 {assigned} 位（需 {needed} 位）</translation>
    </message>
    <message>
        <source>Assigned although a likely conflict is still undecided: {pairs}</source>
        <translation>以下分配仍有待核实的疑似回避：{pairs}</translation>
    </message>
    <message>
        <source>Assignment: {added} added, {removed} removed.</source>
        <translation>分配完成：新增 {added} 项，撤销 {removed} 项。</translation>
    </message>
    <message>
        <source>Assigning dossiers to experts…</source>
        <translation>正在分配评审任务…</translation>
    </message>
    <message>
        <source>{expert} now reviews {dossier}.</source>
        <translation>已将 {dossier} 分配给 {expert}。</translation>
    </message>
    <message>
        <source>{expert} no longer reviews {dossier}.</source>
        <translation>已撤销 {expert} 对 {dossier} 的评审任务。</translation>
    </message>
    <message>
        <source>The assignment was not changed</source>
        <translation>分配未更改</translation>
    </message>
</context>
<context>
    <name>BandBar</name>
    <message>
        <source>comment required</source>
        <translation>须填写评语</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>Confirm all clean dossiers</source>
        <translation>批量确认无异议项目</translation>
    </message>
    <message>
        <source>Confirmed {n}: {numbers}</source>
        <translation>已确认 {n} 项：{numbers}</translation>
    </message>
    <message>
        <source>No dossier was confirmed.</source>
        <translation>没有可批量确认的申报项目。</translation>
    </message>
    <message>
        <source>Left for the committee ({n}):</source>
        <translation>须由评审委员会逐项议定（{n} 项）：</translation>
    </message>
    <message>
        <source>Stale decision: {reasons}</source>
        <translation>决定已过期：{reasons}</translation>
    </message>
</context>
<context>
    <name>BundlesPanel</name>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>材料数</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Export bundles…</source>
        <translation>导出评审包…</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>One file per expert, holding only the dossiers assigned to that expert, signed with the secretariat&apos;s key. Choose a folder, e.g. on a USB stick; exporting again replaces the files.</source>
        <translation>每位专家一个文件，只含分配给该专家的申报材料，并以秘书处密钥签名。请选择一个文件夹（例如 U 盘）；再次导出会替换原有文件。</translation>
    </message>
    <message>
        <source>{n} bundles written to {folder}</source>
        <translation>已将 {n} 个评审包写入 {folder}</translation>
    </message>
    <message>
        <source>Export bundles to a folder</source>
        <translation>将评审包导出到文件夹</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Passphrase of the secretariat&apos;s signing key:</source>
        <translation>秘书处签名密钥的口令：</translation>
    </message>
    <message>
        <source>{n} bundles exported.</source>
        <translation>已导出 {n} 个评审包。</translation>
    </message>
    <message>
        <source>Writing the bundles…</source>
        <translation>正在生成评审包…</translation>
    </message>
</context>
<context>
    <name>CalibrationChart</name>
    <message>
        <source>Leniency: each expert&apos;s totals against the other experts&apos; mean</source>
        <translation>宽严度：各专家总分与同组其他专家均值之差</translation>
    </message>
    <message>
        <source>Harsher than the others</source>
        <translation>偏严</translation>
    </message>
    <message>
        <source>More lenient than the others</source>
        <translation>偏宽</translation>
    </message>
    <message>
        <source>Points above (+) or below (−) the other experts&apos; mean</source>
        <translation>高于（+）或低于（−）其他专家均值的分数</translation>
    </message>
    <message>
        <source>{expert}: {value} points against the others</source>
        <translation>{expert}：与其他专家相差 {value} 分</translation>
    </message>
</context>
<context>
    <name>CalibrationTable</name>
    <message>
        <source>harshest</source>
        <translation>最严</translation>
    </message>
    <message>
        <source>most lenient</source>
        <translation>最宽</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>评审数</translation>
    </message>
    <message>
        <source>Mean total</source>
        <translation>总分均值</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Standard deviation of the expert&apos;s totals (n − 1)</source>
        <translation>该专家所评总分的样本标准差（n − 1）</translation>
    </message>
    <message>
        <source>Leniency</source>
        <translation>宽严度</translation>
    </message>
    <message>
        <source>Mean of (own total − the other experts&apos; mean) on shared dossiers; below zero: harsher than the others</source>
        <translation>在共同评审的项目上（本人总分 − 其他专家均值）的平均值；小于零表示评分偏严</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>评分尺度</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Declare a conflict of interest</source>
        <translation>声明回避</translation>
    </message>
    <message>
        <source>Conflict of interest — {number}</source>
        <translation>利益冲突声明 — {number}</translation>
    </message>
    <message>
        <source>Before you read and score this application, state whether you have a conflict of interest with it: you work for the applicant, have worked with it recently, are related to someone in it, compete with it, or anything else that could bias your judgement.</source>
        <translation>阅读和评分之前，请声明您与该申报是否存在利益冲突：您在申报单位任职，近期与其有合作，与其人员有亲属关系，与其存在竞争关系，或有其他可能影响公正评审的情形。</translation>
    </message>
    <message>
        <source>I have no conflict of interest with this application</source>
        <translation>本人与该申报不存在利益冲突</translation>
    </message>
    <message>
        <source>I declare a conflict of interest and withdraw (回避)</source>
        <translation>本人与该申报存在利益冲突，申请回避</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>回避类型：</translation>
    </message>
    <message>
        <source>Reason (required):</source>
        <translation>回避理由（必填）：</translation>
    </message>
    <message>
        <source>e.g. I was a technical adviser to the applicant in 2024</source>
        <translation>例如：本人2024年曾担任申报单位的技术顾问</translation>
    </message>
    <message>
        <source>Declare conflict</source>
        <translation>声明回避</translation>
    </message>
    <message>
        <source>The application is then locked for you: you cannot score it, and any scores already entered are set aside. The declaration is signed and sent back with your return file.</source>
        <translation>声明后该申报对您锁定：不能再评分，已录入的评分作废。回避声明经您签名后随回传文件交回。</translation>
    </message>
    <message>
        <source>Start reviewing</source>
        <translation>开始评审</translation>
    </message>
    <message>
        <source>Your confirmation is signed and sent back with your return file. If you find a conflict later, you can still declare it.</source>
        <translation>您的确认经签名后随回传文件交回。如评审中发现利益冲突，仍可随时声明回避。</translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <source>To decide</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>回避成立</translation>
    </message>
    <message>
        <source>Declared by the expert</source>
        <translation>专家本人声明</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Found in the dossier</source>
        <translation>系统比对发现</translation>
    </message>
    <message>
        <source>The expert</source>
        <translation>专家本人</translation>
    </message>
    <message>
        <source>The secretary</source>
        <translation>评审秘书</translation>
    </message>
    <message>
        <source>{file} p.{page}: {line}</source>
        <translation>{file} 第 {page} 页：{line}</translation>
    </message>
    <message>
        <source>(+{n} more)</source>
        <translation>（另有 {n} 处）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申报单位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>回避类型</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Find conflicts</source>
        <translation>排查回避</translation>
    </message>
    <message>
        <source>Compare every expert with every dossier: same organisation as the applicant, or the expert&apos;s name or organisation in the dossier&apos;s text</source>
        <translation>逐一比对每位专家与每份申报材料：专家单位与申报单位相同，或专家姓名、单位出现在申报材料正文中</translation>
    </message>
    <message>
        <source>All conflicts</source>
        <translation>全部回避记录</translation>
    </message>
    <message>
        <source>Confirm conflict</source>
        <translation>确认回避</translation>
    </message>
    <message>
        <source>The expert must not review this dossier; an assignment without a review is withdrawn</source>
        <translation>该专家不得评审此申报材料；尚无评审意见的分配将被撤销</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>No conflict: the pair may be assigned</source>
        <translation>不构成回避：可以分配</translation>
    </message>
    <message>
        <source>No likely conflicts found so far.</source>
        <translation>目前没有发现疑似回避。</translation>
    </message>
    <message>
        <source>Select a conflict to see why it was suspected.</source>
        <translation>选择一条记录，查看疑似回避的依据。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{expert}&lt;/b&gt; ({organisation}) and &lt;b&gt;{dossier}&lt;/b&gt; {title} ({applicant})</source>
        <translation>&lt;b&gt;{expert}&lt;/b&gt;（{organisation}）与 &lt;b&gt;{dossier}&lt;/b&gt; {title}（{applicant}）</translation>
    </message>
    <message>
        <source>Conflict check done: {n} likely conflicts to decide.</source>
        <translation>回避排查完成：{n} 条疑似回避待核实。</translation>
    </message>
    <message>
        <source>Looking for conflicts of interest…</source>
        <translation>正在排查回避关系…</translation>
    </message>
    <message>
        <source>Conflict confirmed: {expert} will not review {dossier}.</source>
        <translation>已确认回避：{expert} 不评审 {dossier}。</translation>
    </message>
    <message>
        <source>Dismissed: {expert} may review {dossier}.</source>
        <translation>已排除：{expert} 可以评审 {dossier}。</translation>
    </message>
    <message>
        <source>Recording the decision…</source>
        <translation>正在记录核实结果…</translation>
    </message>
</context>
<context>
    <name>CriterionCard</name>
    <message>
        <source>max {max}</source>
        <translation>满分 {max}</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>步长 {step}</translation>
    </message>
    <message>
        <source>worth {weight} points</source>
        <translation>权重 {weight} 分</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>评分要点</translation>
    </message>
    <message>
        <source>Score from {min} to {max} in steps of {step}; leave empty if not scored yet.
Up/Down: one step · PgUp/PgDn: ten steps</source>
        <translation>评分范围 {min}–{max}，步长 {step}；尚未评分时留空。
↑/↓：增减一档 · PgUp/PgDn：增减十档</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>= {points} points</source>
        <translation>计 {points} 分</translation>
    </message>
    <message>
        <source>top band</source>
        <translation>最高档</translation>
    </message>
    <message>
        <source>bottom band</source>
        <translation>最低档</translation>
    </message>
    <message>
        <source>Comment given for a score in the {where} “{band}”.</source>
        <translation>已为{where}「{band}」的评分填写评语。</translation>
    </message>
    <message>
        <source>A score in the {where} “{band}” needs a comment.</source>
        <translation>该分数属于{where}「{band}」，须填写评语。</translation>
    </message>
    <message>
        <source>Comment (required)</source>
        <translation>评语（必填）</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>评语（选填）</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Decision on {number}</source>
        <translation>{number} 评议决定</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Computed under {rule}: rank {rank}, tier {tier}, aggregate {score}</source>
        <translation>按「{rule}」计算：第 {rank} 名，等级 {tier}，汇总分 {score}</translation>
    </message>
    <message>
        <source>Shares rank {rank} with another dossier.</source>
        <translation>与其他项目并列第 {rank} 名。</translation>
    </message>
    <message>
        <source>Stale: {reason}</source>
        <translation>已过期：{reason}</translation>
    </message>
    <message>
        <source>Confirm the computed rank and tier</source>
        <translation>确认计算得出的名次和等级</translation>
    </message>
    <message>
        <source>Override them (a reason is required)</source>
        <translation>调整名次或等级（须说明理由）</translation>
    </message>
    <message>
        <source>There are no submitted reviews: nothing was computed to confirm.</source>
        <translation>没有已提交的评审意见，没有可确认的计算结果。</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>评议决定</translation>
    </message>
    <message>
        <source>unranked</source>
        <translation>不排名</translation>
    </message>
    <message>
        <source>computed: {score}</source>
        <translation>计算值：{score}</translation>
    </message>
    <message>
        <source>Why the committee departs from the computed result</source>
        <translation>评审委员会调整计算结果的理由</translation>
    </message>
    <message>
        <source>Rank:</source>
        <translation>名次：</translation>
    </message>
    <message>
        <source>Award tier:</source>
        <translation>奖励等级：</translation>
    </message>
    <message>
        <source>Final score:</source>
        <translation>最终得分：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>How the committee settled the flags (printed on the summary sheet)</source>
        <translation>评审委员会对分歧、回避等标记的处理意见（打印在汇总表上）</translation>
    </message>
    <message>
        <source>Flag resolution:</source>
        <translation>分歧处理意见：</translation>
    </message>
    <message>
        <source>Type the reason for the override.</source>
        <translation>请填写调整理由。</translation>
    </message>
    <message>
        <source>The final score is not a number.</source>
        <translation>最终得分不是有效数字。</translation>
    </message>
    <message>
        <source>Nothing to confirm.</source>
        <translation>没有可确认的计算结果。</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>DossierImport</name>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>DossierImportPanel</name>
    <message>
        <source>Import folder…</source>
        <translation>从文件夹导入…</translation>
    </message>
    <message>
        <source>One sub-folder (or file-name prefix before “_”) per application</source>
        <translation>每个子文件夹（或文件名中“_”之前的编号）对应一份申报</translation>
    </message>
    <message>
        <source>Import manifest…</source>
        <translation>按清单导入…</translation>
    </message>
    <message>
        <source>A CSV or Excel list: number, title, applicant, category, files</source>
        <translation>CSV 或 Excel 清单：申报编号、项目名称、申报单位、类别、文件</translation>
    </message>
    <message>
        <source>Files already imported are recognised and not copied again; a damaged or encrypted PDF is rejected with the reason and never stops the others.</source>
        <translation>已导入的文件会被识别，不会重复复制；损坏或加密的 PDF 会被拒绝并注明原因，不影响其他文件。</translation>
    </message>
    <message>
        <source>Index text now</source>
        <translation>立即建立全文索引</translation>
    </message>
    <message>
        <source>Read the text of the PDFs for full-text search and conflict detection</source>
        <translation>读取 PDF 文字，用于全文检索和回避排查</translation>
    </message>
    <message>
        <source>Stop indexing</source>
        <translation>停止索引</translation>
    </message>
    <message>
        <source>Last import</source>
        <translation>本次导入结果</translation>
    </message>
    <message>
        <source>Dossiers of the round</source>
        <translation>本轮申报材料</translation>
    </message>
    <message>
        <source>Filter by number, title, applicant, category…</source>
        <translation>按编号、项目名称、申报单位、类别筛选…</translation>
    </message>
    <message>
        <source>{dossiers} dossiers · {files} files · {pages} pages</source>
        <translation>{dossiers} 份申报材料 · {files} 个文件 · {pages} 页</translation>
    </message>
    <message>
        <source>{n} files not yet indexed for search</source>
        <translation>{n} 个文件尚未建立全文索引</translation>
    </message>
    <message>
        <source>text indexed</source>
        <translation>全文索引已建立</translation>
    </message>
    <message>
        <source>Import dossiers from a folder</source>
        <translation>从文件夹导入申报材料</translation>
    </message>
    <message>
        <source>Import dossiers from a manifest</source>
        <translation>按清单导入申报材料</translation>
    </message>
    <message>
        <source>Importing dossiers from {source}…</source>
        <translation>正在从 {source} 导入申报材料…</translation>
    </message>
    <message>
        <source>Dossier import: {imported} imported, {unchanged} already there, {rejected} rejected.</source>
        <translation>申报材料导入：导入 {imported} 个，已存在 {unchanged} 个，拒绝 {rejected} 个。</translation>
    </message>
    <message>
        <source>{n} imported</source>
        <translation>已导入 {n}</translation>
    </message>
    <message>
        <source>{n} already there</source>
        <translation>已存在 {n}</translation>
    </message>
    <message>
        <source>{n} rejected</source>
        <translation>已拒绝 {n}</translation>
    </message>
    <message>
        <source>Stopped: files after the last one shown were not imported.</source>
        <translation>导入已中止：表中最后一个文件之后的文件未导入。</translation>
    </message>
    <message>
        <source>Indexing text…</source>
        <translation>正在建立全文索引…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Indexing text: {done} of {total} files</source>
        <translation>正在建立全文索引：{done} / {total} 个文件</translation>
    </message>
    <message>
        <source>Indexing stopped after {n} files; start it again at any time.</source>
        <translation>已索引 {n} 个文件后停止，可随时继续。</translation>
    </message>
    <message>
        <source>Text indexed: {files} files, {pages} pages.</source>
        <translation>全文索引完成：{files} 个文件，{pages} 页。</translation>
    </message>
    <message>
        <source>{n} files could be read only in part.</source>
        <translation>其中 {n} 个文件只能读取部分内容。</translation>
    </message>
</context>
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
    <name>DossierViewer</name>
    <message>
        <source>Sidebar</source>
        <translation>侧栏</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>第一页</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>最后一页</translation>
    </message>
    <message>
        <source>Go to page…</source>
        <translation>转到页…</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一处</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一处</translation>
    </message>
    <message>
        <source>Show or hide thumbnails, outline and notes</source>
        <translation>显示或隐藏缩略图、目录和批注</translation>
    </message>
    <message>
        <source>Previous page (PgUp)</source>
        <translation>上一页 (PgUp)</translation>
    </message>
    <message>
        <source>Next page (PgDn)</source>
        <translation>下一页 (PgDn)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Fit the page width to the window (Ctrl+0)</source>
        <translation>页面宽度适合窗口 (Ctrl+0)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一处 (F3)</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一处 (Shift+F3)</translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>This file has no outline.</source>
        <translation>此文件没有目录。</translation>
    </message>
    <message>
        <source>Find in file (Ctrl+F)</source>
        <translation>在文件中查找 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Page number; type a number and press Enter (Ctrl+G)</source>
        <translation>页码：输入数字后按回车 (Ctrl+G)</translation>
    </message>
    <message>
        <source>Enter password…</source>
        <translation>输入密码…</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>No file</source>
        <translation>没有文件</translation>
    </message>
    <message>
        <source>There is no file to show.</source>
        <translation>没有可显示的文件。</translation>
    </message>
    <message>
        <source>The file has no pages.</source>
        <translation>文件没有页面。</translation>
    </message>
    <message>
        <source>The file cannot be found or read: {path}</source>
        <translation>找不到文件或无法读取：{path}</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>The file is damaged or is not a PDF.</source>
        <translation>文件已损坏或不是 PDF 文件。</translation>
    </message>
    <message>
        <source>This file is protected by a password.</source>
        <translation>此文件受密码保护，需要密码才能打开。</translation>
    </message>
    <message>
        <source>This file is encrypted in a way the viewer does not support.</source>
        <translation>不支持此文件的加密方式，无法打开。</translation>
    </message>
    <message>
        <source>The file cannot be opened (unknown error).</source>
        <translation>无法打开此文件（未知错误）。</translation>
    </message>
    <message>
        <source>Page {current} of {total}</source>
        <translation>第 {current} 页 / 共 {total} 页</translation>
    </message>
    <message>
        <source>Page {page}: {count} private note(s) — click to show</source>
        <translation>第 {page} 页：{count} 条私人批注——点击查看</translation>
    </message>
    <message>
        <source>Notes ({count})</source>
        <translation>批注 ({count})</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Searching… {count}</source>
        <translation>正在查找… {count}</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无结果</translation>
    </message>
    <message>
        <source>{total} matches</source>
        <translation>共 {total} 处</translation>
    </message>
    <message>
        <source>{index} of {total}</source>
        <translation>第 {index} 处 / 共 {total} 处</translation>
    </message>
</context>
<context>
    <name>ExpertDesk</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
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
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Scored</source>
        <translation>已评项</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>第 {n} 版</translation>
    </message>
    <message>
        <source>{n} point(s) missing before submission</source>
        <translation>提交前还缺 {n} 项</translation>
    </message>
    <message>
        <source>Submitted {n}/{total}</source>
        <translation>已提交 {n}/{total}</translation>
    </message>
    <message>
        <source>Drafts {n}</source>
        <translation>草稿 {n}</translation>
    </message>
    <message>
        <source>Conflicts {n}</source>
        <translation>回避 {n}</translation>
    </message>
    <message>
        <source>Not started {n}</source>
        <translation>未开始 {n}</translation>
    </message>
    <message>
        <source>My reviews</source>
        <translation>我的评审</translation>
    </message>
    <message>
        <source>Open &amp;bundle…</source>
        <translation>打开评审包(&amp;B)…</translation>
    </message>
    <message>
        <source>Import the bundle file (.rwbundle) you received from the secretary</source>
        <translation>导入评审秘书发给您的评审包文件（.rwbundle）</translation>
    </message>
    <message>
        <source>&amp;Export return…</source>
        <translation>导出回传文件(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the signed return file to hand back to the secretary</source>
        <translation>生成经签名的回传文件，交回评审秘书</translation>
    </message>
    <message>
        <source>Export scoring &amp;template (XLSX)…</source>
        <translation>导出离线评分表（XLSX）(&amp;T)…</translation>
    </message>
    <message>
        <source>A spreadsheet to fill in offline and import later</source>
        <translation>离线填写后再导入的电子表格</translation>
    </message>
    <message>
        <source>&amp;Import scores…</source>
        <translation>导入离线评分(&amp;I)…</translation>
    </message>
    <message>
        <source>Import scores from a filled-in template or a score CSV</source>
        <translation>从填好的评分表或评分 CSV 文件导入评分</translation>
    </message>
    <message>
        <source>My &amp;profile and signature…</source>
        <translation>个人信息与签名(&amp;P)…</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next dossier</source>
        <translation>下一份申报</translation>
    </message>
    <message>
        <source>Previous dossier</source>
        <translation>上一份申报</translation>
    </message>
    <message>
        <source>Back to the work list</source>
        <translation>返回评审清单</translation>
    </message>
    <message>
        <source>Declare a conflict…</source>
        <translation>声明回避…</translation>
    </message>
    <message>
        <source>Find dossier</source>
        <translation>查找申报</translation>
    </message>
    <message>
        <source>Welcome to your reviewing desk</source>
        <translation>欢迎使用专家评审工作台</translation>
    </message>
    <message>
        <source>Open the bundle file (.rwbundle) the committee secretary sent you: File ▸ Open bundle…, or drag the file onto this window. It holds your dossiers and the scoring form; nothing is sent over a network.</source>
        <translation>请打开评审秘书发给您的评审包文件（.rwbundle）：选择“文件 ▸ 打开评审包…”，或将文件拖到本窗口。评审包中有分配给您的申报材料和评分表；本软件不经网络收发任何数据。</translation>
    </message>
    <message>
        <source>Open bundle…</source>
        <translation>打开评审包…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Filter by number, title, applicant…</source>
        <translation>按申报编号、项目名称、申报单位筛选…</translation>
    </message>
    <message>
        <source>Open dossier</source>
        <translation>打开申报材料</translation>
    </message>
    <message>
        <source>Export return…</source>
        <translation>导出回传文件…</translation>
    </message>
    <message>
        <source>My profile and signature…</source>
        <translation>个人信息与签名…</translation>
    </message>
    <message>
        <source>Your handwritten signature is not set up yet. It is printed next to your digital signature on the review sheets.</source>
        <translation>您尚未设置手写签名。手写签名将与数字签名一起打印在评审意见表上。</translation>
    </message>
    <message>
        <source>Set up now…</source>
        <translation>立即设置…</translation>
    </message>
    <message>
        <source>Work list</source>
        <translation>评审清单</translation>
    </message>
    <message>
        <source>Back to the work list (Alt+Home)</source>
        <translation>返回评审清单（Alt+Home）</translation>
    </message>
    <message>
        <source>Previous dossier (Ctrl+Shift+PgUp)</source>
        <translation>上一份申报（Ctrl+Shift+PgUp）</translation>
    </message>
    <message>
        <source>Next dossier (Ctrl+Shift+PgDown)</source>
        <translation>下一份申报（Ctrl+Shift+PgDown）</translation>
    </message>
    <message>
        <source>Declare conflict…</source>
        <translation>声明回避…</translation>
    </message>
    <message>
        <source>Found a conflict of interest while reading? Declare it here (回避).</source>
        <translation>阅读中发现存在利益冲突？请在此声明回避。</translation>
    </message>
    <message>
        <source>Reviewer: {name}</source>
        <translation>评审专家：{name}</translation>
    </message>
    <message>
        <source>{shown} of {total} dossiers</source>
        <translation>显示 {shown} / 共 {total} 份</translation>
    </message>
    <message>
        <source>{n} dossiers</source>
        <translation>共 {n} 份</translation>
    </message>
    <message>
        <source>&lt;h3&gt;You withdrew from this application (回避)&lt;/h3&gt;&lt;p&gt;Declared {when} · {kind}&lt;/p&gt;&lt;p&gt;{reason}&lt;/p&gt;&lt;p style=&apos;color:#5f6b7a&apos;&gt;The declaration is signed and goes back with your return file. The application cannot be scored by you.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;您已就本申报声明回避&lt;/h3&gt;&lt;p&gt;声明时间 {when} · {kind}&lt;/p&gt;&lt;p&gt;{reason}&lt;/p&gt;&lt;p style=&apos;color:#5f6b7a&apos;&gt;回避声明经签名后随回传文件交回；您不能对本申报评分。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Submitted and signed (version {version}, {when}). Read-only: reopen it to change anything.</source>
        <translation>已签名提交（第 {version} 版，{when}）。当前为只读；如需修改，请重新打开。</translation>
    </message>
    <message>
        <source>Version {version}, reopened: {reason}</source>
        <translation>第 {version} 版，重新打开的理由：{reason}</translation>
    </message>
    <message>
        <source> · version {n}</source>
        <translation> · 第 {n} 版</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved {time}</source>
        <translation>已保存 {time}</translation>
    </message>
    <message>
        <source>Every change is saved as you type.</source>
        <translation>输入的每项内容都会即时自动保存。</translation>
    </message>
    <message>
        <source>Not saved!</source>
        <translation>未能保存！</translation>
    </message>
    <message>
        <source>Your change could not be saved</source>
        <translation>修改未能保存</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>未能提交</translation>
    </message>
    <message>
        <source>Signing and submitting…</source>
        <translation>正在签名并提交…</translation>
    </message>
    <message>
        <source>Review of {number} signed and submitted.</source>
        <translation>{number} 的评审意见已签名提交。</translation>
    </message>
    <message>
        <source>Open bundle</source>
        <translation>打开评审包</translation>
    </message>
    <message>
        <source>Bundles (*{suffix})</source>
        <translation>评审包 (*{suffix})</translation>
    </message>
    <message>
        <source>Checking and importing the bundle {file}…</source>
        <translation>正在校验并导入评审包 {file}…</translation>
    </message>
    <message>
        <source>Bundle refused</source>
        <translation>评审包被拒收</translation>
    </message>
    <message>
        <source>This bundle was already imported; nothing changed.</source>
        <translation>该评审包此前已导入，未做任何改动。</translation>
    </message>
    <message>
        <source>Bundle imported: {round} — {n} dossiers for {expert}.</source>
        <translation>评审包已导入：{round}，分配给 {expert} 的申报共 {n} 份。</translation>
    </message>
    <message>
        <source>New: {numbers}</source>
        <translation>新增：{numbers}</translation>
    </message>
    <message>
        <source>No longer assigned to you: {numbers}</source>
        <translation>不再分配给您：{numbers}</translation>
    </message>
    <message>
        <source>Secretary&apos;s key: {fingerprint}</source>
        <translation>评审秘书的密钥指纹：{fingerprint}</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>评审包</translation>
    </message>
    <message>
        <source>{n} review(s) are drafts and not submitted yet ({numbers}); they are not in the return file.
Export anyway?</source>
        <translation>有 {n} 份评审意见仍是草稿、尚未提交（{numbers}），不会包含在回传文件中。
仍要导出吗？</translation>
    </message>
    <message>
        <source>Export return</source>
        <translation>导出回传文件</translation>
    </message>
    <message>
        <source>Return files (*{suffix})</source>
        <translation>回传文件 (*{suffix})</translation>
    </message>
    <message>
        <source>Type your key passphrase to sign the return file.</source>
        <translation>请输入密钥口令，为回传文件签名。</translation>
    </message>
    <message>
        <source>Return not exported</source>
        <translation>回传文件未导出</translation>
    </message>
    <message>
        <source>Writing the return file…</source>
        <translation>正在生成回传文件…</translation>
    </message>
    <message>
        <source>Return file written: {file}
{reviews} review version(s) of {dossiers} dossier(s), {declarations} declaration(s), all signed.</source>
        <translation>回传文件已生成：{file}
含 {dossiers} 份申报的 {reviews} 个评审意见版本、{declarations} 项声明，均已签名。</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>未包含：</translation>
    </message>
    <message>
        <source>Hand this file to the committee secretary (USB stick or e-mail).</source>
        <translation>请将此文件交给评审秘书（U 盘或电子邮件）。</translation>
    </message>
    <message>
        <source>Return file written: {file}</source>
        <translation>回传文件已生成：{file}</translation>
    </message>
    <message>
        <source>scoring-template</source>
        <translation>离线评分表</translation>
    </message>
    <message>
        <source>Export scoring template</source>
        <translation>导出离线评分表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the scoring template…</source>
        <translation>正在生成离线评分表…</translation>
    </message>
    <message>
        <source>Scoring template written: {file}
One sheet per dossier ({n}). Fill in the yellow cells, then File ▸ Import scores…</source>
        <translation>离线评分表已生成：{file}
每份申报一个工作表（共 {n} 个）。填写黄色单元格后，选择“文件 ▸ 导入离线评分…”。</translation>
    </message>
    <message>
        <source>Scoring template</source>
        <translation>离线评分表</translation>
    </message>
    <message>
        <source>Import scores</source>
        <translation>导入离线评分</translation>
    </message>
    <message>
        <source>Score files (*.xlsx *.csv)</source>
        <translation>评分文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Scores not imported</source>
        <translation>评分未导入</translation>
    </message>
    <message>
        <source>Nothing was imported from {file}. Correct these {n} cell(s) and import again:</source>
        <translation>{file} 中的内容均未导入。请改正以下 {n} 处后重新导入：</translation>
    </message>
    <message>
        <source>Importing scores from {file}…</source>
        <translation>正在从 {file} 导入评分…</translation>
    </message>
    <message>
        <source>Scores imported</source>
        <translation>评分已导入</translation>
    </message>
    <message>
        <source>Profile saved.</source>
        <translation>个人信息已保存。</translation>
    </message>
    <message>
        <source>Profile not saved</source>
        <translation>个人信息未能保存</translation>
    </message>
</context>
<context>
    <name>FinaliseDialog</name>
    <message>
        <source>Finalise the round</source>
        <translation>评审定稿</translation>
    </message>
    <message>
        <source>The round &quot;{name}&quot; cannot be finalised yet. Still open:</source>
        <translation>评审轮次「{name}」尚不能定稿，尚待处理：</translation>
    </message>
    <message>
        <source>Finalise the round &quot;{name}&quot;?

Every decision and review becomes read-only; the official sheets can then be printed. Reopening later needs a reason, which is kept in the audit log.</source>
        <translation>确定将评审轮次「{name}」定稿吗？

定稿后全部评议决定和评审意见均不可再修改，可打印正式汇总表。如需重新开放，须填写理由并记入审计日志。</translation>
    </message>
    <message>
        <source>Finalise</source>
        <translation>定稿</translation>
    </message>
</context>
<context>
    <name>FlagsList</name>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>Choose the scoring form</source>
        <translation>选择评分表</translation>
    </message>
    <message>
        <source>The round keeps this exact form; every review is scored and signed against it.</source>
        <translation>评审轮次将固定使用此评分表，每份评审意见都据此评分并签名。</translation>
    </message>
    <message>
        <source>A built-in programme form</source>
        <translation>内置评分表</translation>
    </message>
    <message>
        <source>A form file (TOML)</source>
        <translation>评分表文件（TOML）</translation>
    </message>
    <message>
        <source>Path of a .toml form file</source>
        <translation>.toml 评分表文件的路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a form file</source>
        <translation>选择评分表文件</translation>
    </message>
    <message>
        <source>The form is shown here once the file has been read.</source>
        <translation>读取文件后，评分表内容将显示在这里。</translation>
    </message>
</context>
<context>
    <name>FormPreview</name>
    <message>
        <source>Version {version}</source>
        <translation>第 {version} 版</translation>
    </message>
    <message>
        <source>{n} criteria</source>
        <translation>{n} 个评分项</translation>
    </message>
    <message>
        <source>highest total {scale} points</source>
        <translation>满分 {scale} 分</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>评分项</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>分值范围</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source> step {step}</source>
        <translation>，步长 {step}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Award tiers</source>
        <translation>奖励等级</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Award (10,000 yuan)</source>
        <translation>奖励（万元）</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>名额</translation>
    </message>
    <message>
        <source>Minimum total</source>
        <translation>最低总分</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>推荐意见</translation>
    </message>
    <message>
        <source>Veto items</source>
        <translation>否决项</translation>
    </message>
    <message>
        <source>(any “yes” disqualifies the application)</source>
        <translation>（任一项为“是”即不予推荐）</translation>
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
    <name>MatrixModel</name>
    <message>
        <source>Conflict of interest — cannot be assigned: {reason}</source>
        <translation>存在回避关系，不能分配：{reason}</translation>
    </message>
    <message>
        <source>Assigned by hand</source>
        <translation>手工分配</translation>
    </message>
    <message>
        <source>Assigned automatically</source>
        <translation>自动分配</translation>
    </message>
    <message>
        <source>Already reviewed: cannot be withdrawn</source>
        <translation>已有评审意见，不能撤销</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Likely conflict still to decide: {reason}</source>
        <translation>疑似回避，待核实：{reason}</translation>
    </message>
    <message>
        <source>load {n}</source>
        <translation>负荷 {n}</translation>
    </message>
    <message>
        <source>{n} dossiers assigned</source>
        <translation>已分配 {n} 份申报材料</translation>
    </message>
    <message>
        <source>{count} of {k} experts assigned</source>
        <translation>已分配 {count} 位专家（需 {k} 位）</translation>
    </message>
</context>
<context>
    <name>MatrixTable</name>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Spread (max − min)</source>
        <translation>极差（最高 − 最低）</translation>
    </message>
    <message>
        <source>Mean of the experts&apos; scores; the total is the plain mean</source>
        <translation>各专家评分的平均值；总分为算术平均</translation>
    </message>
    <message>
        <source>Highest minus lowest score of each criterion</source>
        <translation>各评审指标最高分与最低分之差</translation>
    </message>
    <message>
        <source>signed review</source>
        <translation>已签名的评审意见</translation>
    </message>
    <message>
        <source>paper review entered by the secretary</source>
        <translation>由评审秘书录入的纸质评审意见</translation>
    </message>
    <message>
        <source>version {version}, {how}</source>
        <translation>第 {version} 版，{how}</translation>
    </message>
    <message>
        <source>Outlier: this total is far from the others&apos; mean</source>
        <translation>离群：该总分与其他专家均值相差超过上限</translation>
    </message>
    <message>
        <source>{title}: spread {spread}</source>
        <translation>{title}：极差 {spread}</translation>
    </message>
    <message>
        <source>limit {limit}</source>
        <translation>上限 {limit}</translation>
    </message>
    <message>
        <source>over the criterion&apos;s spread limit</source>
        <translation>超过该指标的极差上限</translation>
    </message>
    <message>
        <source>One end of a spread over the criterion&apos;s limit</source>
        <translation>该指标极差超限的最高或最低分</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>{title}
maximum {max}, weight {weight} points, spread limit {limit}</source>
        <translation>{title}
满分 {max}，权重 {weight} 分，极差上限 {limit}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Weighted total out of {scale}</source>
        <translation>加权总分（满分 {scale}）</translation>
    </message>
    <message>
        <source>Veto</source>
        <translation>一票否决</translation>
    </message>
    <message>
        <source>Veto items (一票否决) answered yes by the expert</source>
        <translation>该专家回答“是”的一票否决项</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>推荐意见</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评语</translation>
    </message>
    <message>
        <source>How many comments the expert wrote (scores and overall)</source>
        <translation>该专家所写评语的条数（单项评语与总体评价）</translation>
    </message>
    <message>
        <source>Spread of the totals: {spread}</source>
        <translation>总分极差：{spread}</translation>
    </message>
    <message>
        <source>yes ({n})</source>
        <translation>是（{n}）</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>NamePage</name>
    <message>
        <source>Name the round</source>
        <translation>评审轮次名称</translation>
    </message>
    <message>
        <source>A round is one committee&apos;s review of one programme&apos;s applications.</source>
        <translation>一个评审轮次即一个专家委员会对一类项目申报材料的评审。</translation>
    </message>
    <message>
        <source>Round name:</source>
        <translation>轮次名称：</translation>
    </message>
    <message>
        <source>e.g. 2026年度人工智能与实体经济深度融合创新项目评审</source>
        <translation>例如：2026年度人工智能与实体经济深度融合创新项目评审</translation>
    </message>
    <message>
        <source>The name appears on every bundle, every return file and every printed sheet.</source>
        <translation>该名称将出现在每个评审包、每份回传文件和每张打印的评审表上。</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Notes are kept on this computer only and are never exported.</source>
        <translation>批注只保存在本机，绝不会导出。</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a private note to the page being read</source>
        <translation>为正在阅读的页面添加私人批注</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Notes need a workspace; none is open.</source>
        <translation>批注需要工作区，当前没有打开工作区。</translation>
    </message>
    <message>
        <source>Private: kept on this computer only, never exported.</source>
        <translation>私人批注：只保存在本机，绝不导出。</translation>
    </message>
    <message>
        <source>Page {page}: {text}</source>
        <translation>第 {page} 页：{text}</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新建批注</translation>
    </message>
    <message>
        <source>Note on page {page} (only you can see it):</source>
        <translation>第 {page} 页的批注（仅您本人可见）：</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>编辑批注</translation>
    </message>
    <message>
        <source>Note on page {page}:</source>
        <translation>第 {page} 页的批注：</translation>
    </message>
    <message>
        <source>Delete this note on page {page}?

{text}</source>
        <translation>删除第 {page} 页的这条批注？

{text}</translation>
    </message>
    <message>
        <source>Delete note</source>
        <translation>删除批注</translation>
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
    <name>PaperPanel</name>
    <message>
        <source>Expert:</source>
        <translation>评审专家：</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Write scoring sheet…</source>
        <translation>生成评分表…</translation>
    </message>
    <message>
        <source>An XLSX sheet per dossier of this expert, to print or fill in</source>
        <translation>为该专家的每份申报材料生成一张 XLSX 评分表，可打印或填写</translation>
    </message>
    <message>
        <source>Import first entry…</source>
        <translation>导入第一次录入…</translation>
    </message>
    <message>
        <source>The filled XLSX sheet or a score CSV, typed from the paper</source>
        <translation>照纸质评分表录入的 XLSX 评分表或评分 CSV 文件</translation>
    </message>
    <message>
        <source>Import second entry…</source>
        <translation>导入第二次录入…</translation>
    </message>
    <message>
        <source>The same paper typed again by another person; differences are listed below</source>
        <translation>由另一人再次录入同一份纸质评分表；两次录入的差异列在下方</translation>
    </message>
    <message>
        <source>Submit on the expert&apos;s behalf…</source>
        <translation>代专家提交…</translation>
    </message>
    <message>
        <source>Differences between the two entries</source>
        <translation>两次录入的差异</translation>
    </message>
    <message>
        <source>Value on the paper:</source>
        <translation>纸质评分表上的值：</translation>
    </message>
    <message>
        <source>choose an entry or type what the paper says</source>
        <translation>选用一次录入，或按纸质评分表填写</translation>
    </message>
    <message>
        <source>Use first</source>
        <translation>采用第一次</translation>
    </message>
    <message>
        <source>Use second</source>
        <translation>采用第二次</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Entered by: {name}</source>
        <translation>录入人：{name}</translation>
    </message>
    <message>
        <source>Entered by: (not set)</source>
        <translation>录入人：（未设置）</translation>
    </message>
    <message>
        <source>{name} ({n} dossiers)</source>
        <translation>{name}（{n} 份）</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Your name (recorded with every entry):</source>
        <translation>您的姓名（将随每次录入记录）：</translation>
    </message>
    <message>
        <source>Write the scoring sheet</source>
        <translation>生成评分表</translation>
    </message>
    <message>
        <source>Scoring sheet written: {file}</source>
        <translation>评分表已生成：{file}</translation>
    </message>
    <message>
        <source>Writing the scoring sheet…</source>
        <translation>正在生成评分表…</translation>
    </message>
    <message>
        <source>Second entry</source>
        <translation>第二次录入</translation>
    </message>
    <message>
        <source>Conflict declared</source>
        <translation>已回避</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Not entered</source>
        <translation>未录入</translation>
    </message>
    <message>
        <source>The expert&apos;s own draft</source>
        <translation>专家本人的草稿</translation>
    </message>
    <message>
        <source>Entries differ</source>
        <translation>两次录入不一致</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>尚未填完</translation>
    </message>
    <message>
        <source>Ready to submit</source>
        <translation>可以提交</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>First entry by</source>
        <translation>第一次录入人</translation>
    </message>
    <message>
        <source>Second entry by</source>
        <translation>第二次录入人</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>First entry</source>
        <translation>第一次录入</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Who typed this second entry? (another person than the first)</source>
        <translation>第二次录入由谁完成？（须与第一次录入人不同）</translation>
    </message>
    <message>
        <source>Import the second entry</source>
        <translation>导入第二次录入</translation>
    </message>
    <message>
        <source>Import the first entry</source>
        <translation>导入第一次录入</translation>
    </message>
    <message>
        <source>Importing the second entry…</source>
        <translation>正在导入第二次录入…</translation>
    </message>
    <message>
        <source>Importing the first entry…</source>
        <translation>正在导入第一次录入…</translation>
    </message>
    <message>
        <source>Resolved {item}; {n} differences left in {dossier}.</source>
        <translation>已确认{item}；{dossier} 还有 {n} 处差异。</translation>
    </message>
    <message>
        <source>The value was not accepted</source>
        <translation>该值未被接受</translation>
    </message>
    <message>
        <source>Submit the paper review of {dossier} on behalf of {expert}?

It becomes read-only; the signed paper sheet stays on file at the secretariat.</source>
        <translation>要代 {expert} 提交 {dossier} 的纸质评审意见吗？

提交后不能再修改；专家签字的纸质评分表由秘书处存档。</translation>
    </message>
    <message>
        <source>Submit on the expert&apos;s behalf</source>
        <translation>代专家提交</translation>
    </message>
    <message>
        <source>The paper review of {dossier} was submitted.</source>
        <translation>{dossier} 的纸质评审意见已提交。</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password required</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>The password is not correct. Password of “{file}”:</source>
        <translation>密码不正确。请输入“{file}”的密码：</translation>
    </message>
    <message>
        <source>“{file}” is protected by a password. Password:</source>
        <translation>“{file}”受密码保护。请输入密码：</translation>
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
    <name>RankingChart</name>
    <message>
        <source>Aggregate per dossier under the round&apos;s rule ({rule})</source>
        <translation>按本轮汇总规则（{rule}）的各项目汇总分</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>未入等级</translation>
    </message>
    <message>
        <source>Vetoed</source>
        <translation>一票否决</translation>
    </message>
    <message>
        <source>Aggregate (points)</source>
        <translation>汇总分</translation>
    </message>
    <message>
        <source>{tier}: minimum {score}</source>
        <translation>{tier}：最低分 {score}</translation>
    </message>
    <message>
        <source>{tier}: quota of {quota} reached</source>
        <translation>{tier}：名额 {quota} 已满</translation>
    </message>
    <message>
        <source>{number}: {value} points, rank {rank}</source>
        <translation>{number}：{value} 分，第 {rank} 名</translation>
    </message>
</context>
<context>
    <name>RankingTable</name>
    <message>
        <source>Mean</source>
        <translation>算术平均</translation>
    </message>
    <message>
        <source>Trimmed</source>
        <translation>去极值平均</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>z-score</source>
        <translation>标准分</translation>
    </message>
    <message>
        <source>{rule}: {value}, rank {rank}, {tier}</source>
        <translation>{rule}：{value} 分，第 {rank} 名，{tier}</translation>
    </message>
    <message>
        <source>to decide</source>
        <translation>待决定</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>overridden: {rank} · {tier}</source>
        <translation>已调整：第 {rank} 名 · {tier}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>理由：{reason}</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Shares this rank with another dossier</source>
        <translation>与其他项目并列此名次</translation>
    </message>
    <message>
        <source>Rank under the round&apos;s rule; &quot;2=&quot; marks a shared rank</source>
        <translation>按本轮汇总规则的名次；“2=”表示并列</translation>
    </message>
    <message>
        <source>Aggregate under the rule &quot;{rule}&quot;</source>
        <translation>按「{rule}」的汇总分</translation>
    </message>
    <message>
        <source>Rank under the rule &quot;{rule}&quot;</source>
        <translation>按「{rule}」的名次</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>#</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Award tier under the round&apos;s rule</source>
        <translation>按本轮汇总规则的奖励等级</translation>
    </message>
    <message>
        <source>Rule-dependent</source>
        <translation>随规则变化</translation>
    </message>
    <message>
        <source>Whether the rank or the award tier changes with the aggregation rule</source>
        <translation>名次或奖励等级是否随汇总规则而变化</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>评议决定</translation>
    </message>
    <message>
        <source>rank, tier</source>
        <translation>名次、等级</translation>
    </message>
    <message>
        <source>tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>名次</translation>
    </message>
</context>
<context>
    <name>ReconcileDesk</name>
    <message>
        <source>Reconciliation</source>
        <translation>汇总评议</translation>
    </message>
    <message>
        <source>Confirm…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <source>Confirm the computed rank and tier of the selected dossier</source>
        <translation>确认所选项目计算得出的名次和等级</translation>
    </message>
    <message>
        <source>Override…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Record another rank or tier, with the reason</source>
        <translation>记录不同的名次或等级，并说明理由</translation>
    </message>
    <message>
        <source>Clear decision</source>
        <translation>撤销决定</translation>
    </message>
    <message>
        <source>Confirm all clean dossiers</source>
        <translation>批量确认无异议项目</translation>
    </message>
    <message>
        <source>Confirm the computed result of every dossier without flags, shared ranks or a decision</source>
        <translation>确认所有无标记、无并列且尚未决定的项目的计算结果</translation>
    </message>
    <message>
        <source>Finalise…</source>
        <translation>定稿…</translation>
    </message>
    <message>
        <source>Lock the round: every decision becomes read-only</source>
        <translation>锁定本轮评审：全部决定不可再修改</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新开放…</translation>
    </message>
    <message>
        <source>Unlock the finalised round (a reason is required)</source>
        <translation>解除已定稿评审轮次的锁定（须说明理由）</translation>
    </message>
    <message>
        <source>Score matrix</source>
        <translation>评分矩阵</translation>
    </message>
    <message>
        <source>Strip plot</source>
        <translation>图示</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Ranking chart</source>
        <translation>排名图</translation>
    </message>
    <message>
        <source>Expert calibration</source>
        <translation>专家校准</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>The selected dossier: experts × criteria</source>
        <translation>所选项目：专家 × 评审指标</translation>
    </message>
    <message>
        <source>The whole round</source>
        <translation>本轮全部项目</translation>
    </message>
    <message>
        <source>Flags of this dossier</source>
        <translation>本项目的标记</translation>
    </message>
    <message>
        <source>Select a round to reconcile its reviews.</source>
        <translation>请选择评审轮次，以汇总评议其评审意见。</translation>
    </message>
    <message>
        <source>Computed result</source>
        <translation>计算结果</translation>
    </message>
    <message>
        <source>Committee decision</source>
        <translation>评审委员会决定</translation>
    </message>
    <message>
        <source>Rank:</source>
        <translation>名次：</translation>
    </message>
    <message>
        <source>Award tier:</source>
        <translation>奖励等级：</translation>
    </message>
    <message>
        <source>Aggregate:</source>
        <translation>汇总分：</translation>
    </message>
    <message>
        <source>Under every rule:</source>
        <translation>各汇总规则：</translation>
    </message>
    <message>
        <source>Final score:</source>
        <translation>最终得分：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>调整理由：</translation>
    </message>
    <message>
        <source>Flag resolution:</source>
        <translation>分歧处理意见：</translation>
    </message>
    <message>
        <source>Recorded by:</source>
        <translation>记录人：</translation>
    </message>
    <message>
        <source>No dossier selected.</source>
        <translation>未选择申报项目。</translation>
    </message>
    <message>
        <source>rank {rank} · {rule} {score} · {tier}</source>
        <translation>第 {rank} 名 · {rule} {score} 分 · {tier}</translation>
    </message>
    <message>
        <source>Click a score to read the expert&apos;s comment on it.</source>
        <translation>单击评分可查看专家对该项的评语。</translation>
    </message>
    <message>
        <source>{n} scores carry a comment (marked with a speech bubble).</source>
        <translation>共有 {n} 项评分附有评语（以对话框图标标示）。</translation>
    </message>
    <message>
        <source>Score {value} of {max}</source>
        <translation>得分 {value}（满分 {max}）</translation>
    </message>
    <message>
        <source>No comment on this score.</source>
        <translation>该项评分无评语。</translation>
    </message>
    <message>
        <source>Veto answered yes:</source>
        <translation>回答“是”的一票否决项：</translation>
    </message>
    <message>
        <source>Overall comment</source>
        <translation>总体评价</translation>
    </message>
    <message>
        <source>Recommendation:</source>
        <translation>推荐意见：</translation>
    </message>
    <message>
        <source>Computed result ({rule})</source>
        <translation>计算结果（{rule}）</translation>
    </message>
    <message>
        <source> (shared)</source>
        <translation>（并列）</translation>
    </message>
    <message>
        <source>The decision is stale and must be made again:</source>
        <translation>决定已过期，须重新确认或调整：</translation>
    </message>
    <message>
        <source>Overridden by the committee.</source>
        <translation>评审委员会已调整计算结果。</translation>
    </message>
    <message>
        <source>Confirmed: the committee took the computed result.</source>
        <translation>已确认：评审委员会采纳计算结果。</translation>
    </message>
    <message>
        <source>No decision yet.</source>
        <translation>尚未作出决定。</translation>
    </message>
    <message>
        <source>No submitted reviews: no decision is needed.</source>
        <translation>没有已提交的评审意见，无需决定。</translation>
    </message>
    <message>
        <source>The round is finalised: decisions are read-only.</source>
        <translation>本轮评审已定稿，决定不可修改。</translation>
    </message>
    <message>
        <source>Needs the committee&apos;s attention:</source>
        <translation>须评审委员会关注：</translation>
    </message>
    <message>
        <source>Rule: &lt;b&gt;{rule}&lt;/b&gt;</source>
        <translation>汇总规则：&lt;b&gt;{rule}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>spread limit {limit}</source>
        <translation>极差上限 {limit}</translation>
    </message>
    <message>
        <source>decided {decided} of {total}</source>
        <translation>已决定 {decided}/{total}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#555&apos;&gt;to decide {n}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#555&apos;&gt;待决定 {n}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e65100&apos;&gt;&lt;b&gt;stale {n}&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#e65100&apos;&gt;&lt;b&gt;已过期 {n}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>This round was finalised on {when}. Every decision is read-only; reopen the round (with a reason) to change anything.</source>
        <translation>本轮评审已于 {when} 定稿，全部决定只读；如需修改，请重新开放本轮（须说明理由）。</translation>
    </message>
    <message>
        <source>The rank or the award tier of {n} dossier(s) depends on the aggregation rule: {numbers}</source>
        <translation>以下 {n} 个项目的名次或奖励等级随汇总规则而变化：{numbers}</translation>
    </message>
    <message>
        <source>Two-way forms and W from {d} dossiers × {e} experts ({names}).</source>
        <translation>双因素组内相关系数与肯德尔和谐系数基于 {d} 个项目 × {e} 位专家（{names}）。</translation>
    </message>
    <message>
        <source>Decision on {number} recorded.</source>
        <translation>已记录对 {number} 的决定。</translation>
    </message>
    <message>
        <source>Override on {number} recorded.</source>
        <translation>已记录对 {number} 的调整。</translation>
    </message>
    <message>
        <source>Recording the decision…</source>
        <translation>正在记录决定…</translation>
    </message>
    <message>
        <source>Clear the decision on {number}? It is kept in the audit log.</source>
        <translation>撤销对 {number} 的决定吗？原决定将保留在审计日志中。</translation>
    </message>
    <message>
        <source>Clearing the decision…</source>
        <translation>正在撤销决定…</translation>
    </message>
    <message>
        <source>Confirming the clean dossiers…</source>
        <translation>正在批量确认无异议项目…</translation>
    </message>
    <message>
        <source>The round is finalised.</source>
        <translation>本轮评审已定稿。</translation>
    </message>
    <message>
        <source>Finalising the round…</source>
        <translation>正在定稿…</translation>
    </message>
    <message>
        <source>The round is open again.</source>
        <translation>本轮评审已重新开放。</translation>
    </message>
    <message>
        <source>Reopening the round…</source>
        <translation>正在重新开放…</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen the round</source>
        <translation>重新开放评审轮次</translation>
    </message>
    <message>
        <source>Reopen the finalised round &quot;{name}&quot;? Its decisions can then be changed again. The reason is kept in the audit log.</source>
        <translation>重新开放已定稿的评审轮次「{name}」吗？开放后可再次修改评议决定，理由将记入审计日志。</translation>
    </message>
    <message>
        <source>Why the round is reopened</source>
        <translation>重新开放的理由</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新开放</translation>
    </message>
</context>
<context>
    <name>ReopenReviewDialog</name>
    <message>
        <source>Reopen submitted review</source>
        <translation>重新打开已提交的评审意见</translation>
    </message>
    <message>
        <source>Version {version} of your review of {number} stays on record, signed. Reopening starts version {next} with the same values, which you must sign and submit again. Why do you reopen it?</source>
        <translation>您对 {number} 的第 {version} 版评审意见（已签名）将保留在记录中。重新打开会以相同内容生成第 {next} 版，修改后须再次签名提交。请说明重新打开的理由：</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>理由（必填）</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>Sheet</source>
        <translation>评审表</translation>
    </message>
    <message>
        <source>Code on the sheet</source>
        <translation>表上的核验码</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <source>{sheet} (page {first})</source>
        <translation>{sheet}（第 {first} 页）</translation>
    </message>
    <message>
        <source>{sheet} (pages {first}–{last})</source>
        <translation>{sheet}（第 {first}–{last} 页）</translation>
    </message>
    <message>
        <source>Code of the current records: {code}</source>
        <translation>按当前记录生成的核验码：{code}</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <source>Copy rows</source>
        <translation>复制行</translation>
    </message>
</context>
<context>
    <name>ReturnsPanel</name>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Already merged</source>
        <translation>此前已合并</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>评审意见</translation>
    </message>
    <message>
        <source>Dossiers the file carries reviews of</source>
        <translation>文件中含有评审意见的申报材料数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Import returns…</source>
        <translation>导入回传文件…</translation>
    </message>
    <message>
        <source>Or drop .rwreturn files anywhere on this window. Every file is checked — signatures, round, form, assignments — and merged whole or not at all; a file merged before changes nothing.</source>
        <translation>也可以把 .rwreturn 文件拖到本窗口任意位置。每个文件都会逐项核验（签名、评审轮次、评分表、分配），要么整体合并，要么完全不合并；已合并过的文件不会重复计入。</translation>
    </message>
    <message>
        <source>{n} accepted</source>
        <translation>已接收 {n}</translation>
    </message>
    <message>
        <source>{n} already merged</source>
        <translation>此前已合并 {n}</translation>
    </message>
    <message>
        <source>{n} rejected</source>
        <translation>已拒绝 {n}</translation>
    </message>
    <message>
        <source>Import return files</source>
        <translation>导入回传文件</translation>
    </message>
    <message>
        <source>Returns merged: {accepted} of {n} files accepted.</source>
        <translation>回传文件合并完成：{n} 个文件中接收 {accepted} 个。</translation>
    </message>
    <message>
        <source>Checking and merging {n} return files…</source>
        <translation>正在核验并合并 {n} 个回传文件…</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Last import</source>
        <translation>本次导入</translation>
    </message>
    <message>
        <source>Import roster…</source>
        <translation>导入专家名单…</translation>
    </message>
    <message>
        <source>CSV or Excel with the columns name, organisation, field, e-mail (or 姓名, 单位, 领域, 邮箱)</source>
        <translation>CSV 或 Excel 文件，列为：姓名、单位、领域、邮箱（也可用 name, organisation, field, email）</translation>
    </message>
    <message>
        <source>{n} experts in the round.</source>
        <translation>本轮共有 {n} 位专家。</translation>
    </message>
    <message>
        <source>No experts yet: import the roster the secretariat keeps.</source>
        <translation>还没有专家：请导入秘书处的专家名单。</translation>
    </message>
    <message>
        <source>{n} added</source>
        <translation>新增 {n}</translation>
    </message>
    <message>
        <source>{n} updated</source>
        <translation>更新 {n}</translation>
    </message>
    <message>
        <source>{n} unchanged</source>
        <translation>未变 {n}</translation>
    </message>
    <message>
        <source>Import the expert roster</source>
        <translation>导入专家名单</translation>
    </message>
    <message>
        <source>Importing the roster {file}…</source>
        <translation>正在导入专家名单 {file}…</translation>
    </message>
</context>
<context>
    <name>RoundSetupPage</name>
    <message>
        <source>Scoring form:</source>
        <translation>评分表：</translation>
    </message>
    <message>
        <source>Aggregation rule:</source>
        <translation>汇总规则：</translation>
    </message>
    <message>
        <source>Disagreement limit:</source>
        <translation>分歧阈值：</translation>
    </message>
    <message>
        <source>Reviewers per dossier:</source>
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
        <source>New round…</source>
        <translation>新建评审轮次…</translation>
    </message>
    <message>
        <source>Create a round…</source>
        <translation>新建评审轮次…</translation>
    </message>
    <message>
        <source>Set up a round</source>
        <translation>设置评审轮次</translation>
    </message>
    <message>
        <source>&lt;p&gt;A round is one committee&apos;s review of one programme&apos;s applications. The wizard asks for a name, the scoring form, how the experts&apos; totals are combined, how many experts score each dossier and the deadline.&lt;/p&gt;&lt;p&gt;Then follow the steps on the left: dossiers, experts and conflicts, assignment, bundles and returns.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一个评审轮次即一个专家委员会对一类项目申报材料的评审。向导将依次询问：轮次名称、评分表、专家总分的汇总规则、每份材料由几位专家评审以及截止日期。&lt;/p&gt;&lt;p&gt;之后按左侧步骤依次完成：申报材料、专家与回避、分配、评审包与回传。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} 分</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>RoundWizard</name>
    <message>
        <source>New round</source>
        <translation>新建评审轮次</translation>
    </message>
    <message>
        <source>Creating the round…</source>
        <translation>正在创建评审轮次…</translation>
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
    <name>RulesPage</name>
    <message>
        <source>The average of the experts&apos; totals.</source>
        <translation>各位专家总分的平均值。</translation>
    </message>
    <message>
        <source>Drops the highest and the lowest total when a dossier has at least 5 reviews, then averages.</source>
        <translation>一份材料有 5 份及以上评审意见时，去掉一个最高分和一个最低分后取平均。</translation>
    </message>
    <message>
        <source>The middle total: one extreme score has no pull.</source>
        <translation>取居中的总分，个别极端分数不影响结果。</translation>
    </message>
    <message>
        <source>Evens out experts who score everyone high or low before averaging (standard scores).</source>
        <translation>先消除个别专家整体打分偏高或偏低的影响（标准分），再取平均。</translation>
    </message>
    <message>
        <source>Rules of the round</source>
        <translation>评审规则</translation>
    </message>
    <message>
        <source>How the experts&apos; totals become one score, and what the experts are asked.</source>
        <translation>专家总分如何汇总为一个得分，以及对专家的要求。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Aggregation rule&lt;/b&gt; (the committee can compare all four later):</source>
        <translation>&lt;b&gt;汇总规则&lt;/b&gt;（评审委员会之后可对比四种规则的结果）：</translation>
    </message>
    <message>
        <source>Disagreement limit:</source>
        <translation>分歧阈值：</translation>
    </message>
    <message>
        <source>flag dossiers whose totals differ by more than</source>
        <translation>专家总分相差超过</translation>
    </message>
    <message>
        <source>points</source>
        <translation>分时提示分歧</translation>
    </message>
    <message>
        <source>Reviewers per dossier:</source>
        <translation>每份材料专家数：</translation>
    </message>
    <message>
        <source>experts score each dossier</source>
        <translation>位专家评审每份材料</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <source>returns are due by</source>
        <translation>回传截止于</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Show all guidance</source>
        <translation>显示全部评分要点</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last change (Ctrl+Z)</source>
        <translation>撤销上一步修改（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Sign and submit…</source>
        <translation>签名并提交…</translation>
    </message>
    <message>
        <source>Sign the review with your key and submit it; it becomes read-only</source>
        <translation>用您的密钥为评审意见签名并提交；提交后为只读</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Start a new version of this submitted review (a reason is required)</source>
        <translation>为已提交的评审意见生成新版本（须说明理由）</translation>
    </message>
    <message>
        <source>Complete: ready to sign and submit.</source>
        <translation>已填写完整，可以签名提交。</translation>
    </message>
    <message>
        <source>Overall assessment of the application</source>
        <translation>对该申报的总体评价</translation>
    </message>
    <message>
        <source>Veto questions (any “yes” disqualifies the application)</source>
        <translation>否决项（任一项为“是”即不予推荐）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>推荐意见</translation>
    </message>
    <message>
        <source>Overall comment</source>
        <translation>总体评价</translation>
    </message>
    <message>
        <source>A veto question is answered “yes”: the application will not be recommended.</source>
        <translation>有否决项判定为“是”：该申报将不予推荐。</translation>
    </message>
    <message>
        <source>comment on {name}</source>
        <translation>「{name}」的评语</translation>
    </message>
    <message numerus="yes">
        <source>Still missing before you can submit (%n):</source>
        <translation>
            <numerusform>提交前还需完成（%n 项）：</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} of {total} criteria scored</source>
        <translation>已评 {n}/{total} 项</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Dossier</source>
        <translation>申报编号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Search all dossiers of the round (names, organisations, any words)…</source>
        <translation>在本轮全部申报材料中检索（人名、单位或任意词语）…</translation>
    </message>
    <message>
        <source>Pages containing every word typed are listed; words are separated by spaces. Only indexed text can be found.</source>
        <translation>列出包含全部检索词的页面，多个词请用空格分隔。只能检索已建立全文索引的内容。</translation>
    </message>
    <message>
        <source>first {n} pages</source>
        <translation>前 {n} 页</translation>
    </message>
    <message>
        <source>{n} pages</source>
        <translation>{n} 页</translation>
    </message>
</context>
<context>
    <name>SecretaryDesk</name>
    <message>
        <source>Secretary&apos;s desk</source>
        <translation>秘书台</translation>
    </message>
    <message>
        <source>New &amp;round…</source>
        <translation>新建评审轮次(&amp;R)…</translation>
    </message>
    <message>
        <source>Create a committee round: name, scoring form, rules, deadline</source>
        <translation>新建评审轮次：名称、评分表、评审规则、截止日期</translation>
    </message>
    <message>
        <source>Import re&amp;turns…</source>
        <translation>导入回传文件(&amp;T)…</translation>
    </message>
    <message>
        <source>Merge return files sent back by the experts</source>
        <translation>合并专家交回的回传文件</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>专家名单</translation>
    </message>
    <message>
        <source>Likely conflicts</source>
        <translation>疑似回避</translation>
    </message>
    <message>
        <source>Full-text search</source>
        <translation>全文检索</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>评审包</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>回传合并</translation>
    </message>
    <message>
        <source>Status board</source>
        <translation>进度看板</translation>
    </message>
    <message>
        <source>Paper entry</source>
        <translation>纸质评分录入</translation>
    </message>
    <message>
        <source>1 Setup</source>
        <translation>1 设置</translation>
    </message>
    <message>
        <source>2 Dossiers</source>
        <translation>2 申报材料</translation>
    </message>
    <message>
        <source>3 Experts &amp; conflicts</source>
        <translation>3 专家与回避</translation>
    </message>
    <message>
        <source>4 Assignment</source>
        <translation>4 分配</translation>
    </message>
    <message>
        <source>5 Bundles &amp; returns</source>
        <translation>5 评审包与回传</translation>
    </message>
    <message>
        <source>Create a round first</source>
        <translation>请先新建评审轮次</translation>
    </message>
    <message>
        <source>Round created</source>
        <translation>评审轮次已创建</translation>
    </message>
    <message>
        <source>No dossiers yet</source>
        <translation>尚无申报材料</translation>
    </message>
    <message>
        <source>{n} dossiers, {files} files</source>
        <translation>{n} 份申报材料，{files} 个文件</translation>
    </message>
    <message>
        <source>{n} to index</source>
        <translation>{n} 个待索引</translation>
    </message>
    <message>
        <source>No experts yet</source>
        <translation>尚无专家</translation>
    </message>
    <message>
        <source>{n} experts</source>
        <translation>{n} 位专家</translation>
    </message>
    <message>
        <source>{n} conflicts to decide</source>
        <translation>{n} 条回避待核实</translation>
    </message>
    <message>
        <source>conflicts not checked</source>
        <translation>尚未排查回避</translation>
    </message>
    <message>
        <source>conflicts checked</source>
        <translation>回避已排查</translation>
    </message>
    <message>
        <source>Nothing assigned yet</source>
        <translation>尚未分配</translation>
    </message>
    <message>
        <source>{n} assignments</source>
        <translation>{n} 项分配</translation>
    </message>
    <message>
        <source>{n} dossiers short</source>
        <translation>{n} 份专家不足</translation>
    </message>
    <message>
        <source>Nothing to send yet</source>
        <translation>暂无可发送的评审包</translation>
    </message>
    <message>
        <source>sent {sent}/{n} · complete {done}/{n}</source>
        <translation>已发送 {sent}/{n} · 已完成 {done}/{n}</translation>
    </message>
    <message>
        <source>Next: create a round (File ▸ New round…).</source>
        <translation>下一步：新建评审轮次（文件 ▸ 新建评审轮次…）。</translation>
    </message>
    <message>
        <source>Next: import the dossiers, from a folder or a manifest.</source>
        <translation>下一步：导入申报材料（从文件夹或按清单）。</translation>
    </message>
    <message>
        <source>Next: index the text of {n} files for search and conflict detection.</source>
        <translation>下一步：为 {n} 个文件建立全文索引，以便检索和排查回避。</translation>
    </message>
    <message>
        <source>Next: import the expert roster.</source>
        <translation>下一步：导入专家名单。</translation>
    </message>
    <message>
        <source>Next: decide the {n} likely conflicts (confirm or dismiss each).</source>
        <translation>下一步：核实 {n} 条疑似回避（逐条确认或排除）。</translation>
    </message>
    <message>
        <source>Next: look for conflicts of interest (Find conflicts).</source>
        <translation>下一步：排查回避关系（“排查回避”）。</translation>
    </message>
    <message>
        <source>Next: assign the dossiers to the experts.</source>
        <translation>下一步：将申报材料分配给专家。</translation>
    </message>
    <message>
        <source>Next: {n} dossiers still need experts.</source>
        <translation>下一步：还有 {n} 份申报材料的专家不足。</translation>
    </message>
    <message>
        <source>Next: export the bundles for the experts ({sent} of {n} sent).</source>
        <translation>下一步：为专家导出评审包（已发送 {sent}/{n}）。</translation>
    </message>
    <message>
        <source>Next: merge the returns as they arrive ({done} of {n} experts complete).</source>
        <translation>下一步：陆续合并专家交回的回传文件（已完成 {done}/{n} 位专家）。</translation>
    </message>
    <message>
        <source>Every expert&apos;s reviews are in: the round is ready for reconciliation.</source>
        <translation>所有专家的评审意见均已收齐，可以进入汇总核对。</translation>
    </message>
    <message>
        <source>The round was created. Next: import the dossiers.</source>
        <translation>评审轮次已创建。下一步：导入申报材料。</translation>
    </message>
    <message>
        <source>Select a round first.</source>
        <translation>请先选择一个评审轮次。</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>My profile and signature</source>
        <translation>个人信息与签名</translation>
    </message>
    <message>
        <source>Identity (from the bundle)</source>
        <translation>身份（来自评审包）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>Read this to the secretary if asked to confirm your key</source>
        <translation>评审秘书核对密钥时，请向其读出此指纹</translation>
    </message>
    <message>
        <source>No key yet: it is created when you first import a bundle.</source>
        <translation>尚无密钥：首次导入评审包时自动生成。</translation>
    </message>
    <message>
        <source>Protected by a passphrase</source>
        <translation>已设置口令保护</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>修改口令…</translation>
    </message>
    <message>
        <source>No passphrase (anyone using this computer account can sign)</source>
        <translation>未设置口令（使用本机此账户的任何人都能签名）</translation>
    </message>
    <message>
        <source>Set a passphrase…</source>
        <translation>设置口令…</translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation>保护：</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>当前口令：</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>新口令：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>You will type it each time you sign. Leave both fields empty to remove the passphrase. A forgotten passphrase cannot be recovered.</source>
        <translation>每次签名时都需输入口令。两栏均留空即取消口令。口令遗忘后无法找回。</translation>
    </message>
    <message>
        <source>Handwritten signature</source>
        <translation>手写签名</translation>
    </message>
    <message>
        <source>Sign in the box with the mouse or a pen. It is printed on your review sheets next to the digital signature.</source>
        <translation>请用鼠标或手写笔在框内签名。手写签名将与数字签名一起打印在您的评审意见表上。</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>请在此处签名</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>撤销一笔</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Import PNG…</source>
        <translation>导入 PNG 图片…</translation>
    </message>
    <message>
        <source>Import signature image</source>
        <translation>导入签名图片</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <source>{file} is not a PNG image.</source>
        <translation>{file} 不是 PNG 图片。</translation>
    </message>
    <message>
        <source>Type your current passphrase.</source>
        <translation>请输入当前口令。</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>两次输入的新口令不一致。</translation>
    </message>
    <message>
        <source>A passphrase needs at least 6 characters.</source>
        <translation>口令至少需要 6 个字符。</translation>
    </message>
</context>
<context>
    <name>SheetTreeModel</name>
    <message>
        <source>{kind}  ({ticked} of {total})</source>
        <translation>{kind}（已选 {ticked}/{total}）</translation>
    </message>
</context>
<context>
    <name>SheetsDesk</name>
    <message>
        <source>The printer could not be opened. Check that it is connected and try again.</source>
        <translation>无法打开打印机。请检查打印机是否已连接，然后重试。</translation>
    </message>
    <message>
        <source>Page {page} of {count}</source>
        <translation>第 {page} 页，共 {count} 页</translation>
    </message>
    <message>
        <source>Sheets</source>
        <translation>评审表</translation>
    </message>
    <message>
        <source>Print the ticked sheets ({shortcut})</source>
        <translation>打印勾选的评审表（{shortcut}）</translation>
    </message>
    <message>
        <source>See the ticked sheets page by page as they will print</source>
        <translation>逐页查看勾选的评审表的打印效果</translation>
    </message>
    <message>
        <source>Write every sheet of the round into a folder: one file per kind, per dossier and per expert</source>
        <translation>将本轮全部评审表保存到文件夹：每类一个文件，另按申报项目和按专家各分一个文件</translation>
    </message>
    <message>
        <source>Save the round&apos;s ranking, scores, flags and agreement as a workbook</source>
        <translation>将本轮的排名、评分、提示和一致性统计保存为 Excel 工作簿</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Verify…</source>
        <translation>验证…</translation>
    </message>
    <message>
        <source>Check a sheet, its code or a return file against the signed records</source>
        <translation>核对评审表、核验码或回传文件是否与签名记录一致</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Tick none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Sheets of the round (tick those to print):</source>
        <translation>本轮评审表（勾选要打印的表）：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Mark as draft anyway</source>
        <translation>仍标注为草稿</translation>
    </message>
    <message>
        <source>Print “草稿 DRAFT” on every page although the round is finalised</source>
        <translation>虽然本轮已定稿，仍在每页印上“草稿 DRAFT”</translation>
    </message>
    <message>
        <source>&lt;b&gt;草稿 DRAFT&lt;/b&gt; — marked as a draft on request: every page printed or saved carries “草稿 DRAFT”.</source>
        <translation>&lt;b&gt;草稿 DRAFT&lt;/b&gt; — 已按要求标注为草稿：打印或保存的每一页都印有“草稿 DRAFT”。</translation>
    </message>
    <message>
        <source>&lt;b&gt;草稿 DRAFT&lt;/b&gt; — the round “{name}” is not finalised: every page printed or saved carries “草稿 DRAFT”. The official sheets can be printed once the committee has finalised the round.</source>
        <translation>&lt;b&gt;草稿 DRAFT&lt;/b&gt; — 评审轮次“{name}”尚未定稿：打印或保存的每一页都印有“草稿 DRAFT”。评审委员会定稿后才能打印正式的评审表。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Official sheets&lt;/b&gt; — the round “{name}” was finalised on {when}: the sheets print without the draft mark.</source>
        <translation>&lt;b&gt;正式评审表&lt;/b&gt; — 评审轮次“{name}”已于 {when} 定稿：打印的评审表不再带草稿标记。</translation>
    </message>
    <message>
        <source>{ticked} of {total} sheets ticked</source>
        <translation>已勾选 {ticked} 张，共 {total} 张</translation>
    </message>
    <message>
        <source>Tick every {kind}</source>
        <translation>勾选全部{kind}</translation>
    </message>
    <message>
        <source>Tick no {kind}</source>
        <translation>取消勾选全部{kind}</translation>
    </message>
    <message>
        <source>Select a round in the Rounds pane to print its sheets.</source>
        <translation>请在“评审轮次”窗格中选择一个评审轮次，以打印其评审表。</translation>
    </message>
    <message>
        <source>Tick the sheets to print on the left; they appear here as they will print.</source>
        <translation>请在左侧勾选要打印的评审表，这里会按打印效果显示。</translation>
    </message>
    <message>
        <source>Rendering the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>{sheets} sheets, {pages} pages</source>
        <translation>{sheets} 张表，共 {pages} 页</translation>
    </message>
    <message>
        <source>Sheets of {round}</source>
        <translation>{round} 评审表</translation>
    </message>
    <message>
        <source>Please wait until the sheets have been printed.</source>
        <translation>请等待评审表打印完毕。</translation>
    </message>
    <message>
        <source>Preparing the sheets…</source>
        <translation>正在准备评审表…</translation>
    </message>
    <message>
        <source>The sheets could not be read for printing.</source>
        <translation>无法读取要打印的评审表。</translation>
    </message>
    <message>
        <source>{pages} pages sent to the printer.</source>
        <translation>已将 {pages} 页发送到打印机。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printing was cancelled.</source>
        <translation>已取消打印。</translation>
    </message>
    <message>
        <source>Save the sheets as PDF into a folder</source>
        <translation>将评审表另存为 PDF（选择文件夹）</translation>
    </message>
    <message>
        <source>{files} PDF files ({pages} pages) saved in {folder}.</source>
        <translation>已将 {files} 个 PDF 文件（共 {pages} 页）保存到 {folder}。</translation>
    </message>
    <message>
        <source>Saving was cancelled; the files already written stay in {folder}.</source>
        <translation>已取消保存；已写好的文件仍保留在 {folder}。</translation>
    </message>
    <message>
        <source>Saving the sheets as PDF…</source>
        <translation>正在将评审表保存为 PDF…</translation>
    </message>
    <message>
        <source>Export the round to Excel</source>
        <translation>将本轮导出为 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The workbook was saved as {file}.</source>
        <translation>工作簿已保存为 {file}。</translation>
    </message>
    <message>
        <source>Exporting to Excel…</source>
        <translation>正在导出 Excel…</translation>
    </message>
</context>
<context>
    <name>StatusBoard</name>
    <message>
        <source>Nothing assigned</source>
        <translation>未分配任务</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Last return rejected</source>
        <translation>最近一次回传被拒</translation>
    </message>
    <message>
        <source>Bundle not sent</source>
        <translation>评审包未发送</translation>
    </message>
    <message>
        <source>Waiting for the return</source>
        <translation>等待回传</translation>
    </message>
    <message>
        <source>Reviews missing</source>
        <translation>评审意见未齐</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评审专家</translation>
    </message>
    <message>
        <source>Bundle sent</source>
        <translation>评审包发送</translation>
    </message>
    <message>
        <source>Return received</source>
        <translation>回传接收</translation>
    </message>
    <message>
        <source>{n} return files received</source>
        <translation>共收到 {n} 个回传文件</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Dossiers with a submitted review</source>
        <translation>已提交评审意见的申报材料数</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>回避</translation>
    </message>
    <message>
        <source>Conflicts the expert declared</source>
        <translation>专家本人声明的回避数</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>尚缺</translation>
    </message>
</context>
<context>
    <name>StatusBoardPanel</name>
    <message>
        <source>Nobody has dossiers yet: assign first.</source>
        <translation>尚未给任何专家分配申报材料，请先分配。</translation>
    </message>
    <message>
        <source>bundles sent {sent}/{n}</source>
        <translation>评审包已发送 {sent}/{n}</translation>
    </message>
    <message>
        <source>returns received {received}/{n}</source>
        <translation>回传已收到 {received}/{n}</translation>
    </message>
    <message>
        <source>experts complete {done}/{n}</source>
        <translation>专家已完成 {done}/{n}</translation>
    </message>
    <message>
        <source>reviews submitted {submitted} of {assigned} assigned</source>
        <translation>已提交评审意见 {submitted} / 应交 {assigned}</translation>
    </message>
</context>
<context>
    <name>StripPlot</name>
    <message>
        <source>Experts&apos; totals against the spread limit</source>
        <translation>各专家总分与极差上限</translation>
    </message>
    <message>
        <source>Total (points)</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>{expert} (outlier)</source>
        <translation>{expert}（离群）</translation>
    </message>
    <message>
        <source>Spread limit {limit} (mean ± {half})</source>
        <translation>极差上限 {limit}（均值 ± {half}）</translation>
    </message>
    <message>
        <source>Range {spread}, over the limit</source>
        <translation>极差 {spread}，超过上限</translation>
    </message>
    <message>
        <source>Range {spread}</source>
        <translation>极差 {spread}</translation>
    </message>
    <message>
        <source>Aggregate {value}</source>
        <translation>汇总分 {value}</translation>
    </message>
    <message>
        <source>Far from the other experts&apos; mean (outlier)</source>
        <translation>与其他专家均值相差过大（离群）</translation>
    </message>
</context>
<context>
    <name>SubmitDialog</name>
    <message>
        <source>Sign and submit</source>
        <translation>签名并提交</translation>
    </message>
    <message>
        <source>Submit version {version} of your review of {number} “{title}”?</source>
        <translation>提交您对 {number}「{title}」的第 {version} 版评审意见吗？</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>总分：</translation>
    </message>
    <message>
        <source>Recommendation:</source>
        <translation>推荐意见：</translation>
    </message>
    <message>
        <source>Veto questions answered “yes”:</source>
        <translation>判定为“是”的否决项：</translation>
    </message>
    <message>
        <source>Your review is signed with your key and becomes read-only. To change it later you reopen it with a reason; the signed version stays on record.</source>
        <translation>评审意见将用您的密钥签名，提交后为只读。日后如需修改，须说明理由重新打开；已签名的版本会保留在记录中。</translation>
    </message>
    <message>
        <source>Key passphrase:</source>
        <translation>密钥口令：</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Create the round</source>
        <translation>创建评审轮次</translation>
    </message>
    <message>
        <source>Check the settings; Finish creates the round.</source>
        <translation>请核对设置，点击“完成”即创建评审轮次。</translation>
    </message>
    <message>
        <source>The scoring form cannot be changed once the round exists. The rule, the disagreement limit and the number of reviewers can still be discussed by the committee later.</source>
        <translation>评审轮次创建后不能再更换评分表。汇总规则、分歧阈值和评审专家人数，评审委员会之后仍可讨论。</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>评审轮次</translation>
    </message>
    <message>
        <source>Scoring form</source>
        <translation>评分表</translation>
    </message>
    <message>
        <source>Aggregation rule</source>
        <translation>汇总规则</translation>
    </message>
    <message>
        <source>Disagreement limit</source>
        <translation>分歧阈值</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} 分</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Reviewers per dossier</source>
        <translation>每份材料专家数</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止日期</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <source>Page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a sheet, code or file</source>
        <translation>验证评审表、核验码或文件</translation>
    </message>
    <message>
        <source>Check a printed or saved sheet against the signed records of this workspace: choose or drop its PDF, or type the verification code printed on it. A return file (.rwreturn) or bundle (.rwbundle) is checked for whose it is and whether it is intact.</source>
        <translation>将打印或保存的评审表与本工作区的签名记录核对：选择或拖入其 PDF 文件，或输入表上印的核验码。对于回传文件（.rwreturn）或评审包（.rwbundle），核对它属于谁、是否完整。</translation>
    </message>
    <message>
        <source>No workspace is open: a file is checked on its own (whether it is intact), not against any records.</source>
        <translation>没有打开工作区：只检查文件本身是否完整，不与任何记录核对。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>A sheet PDF, a return or a bundle — or drop it here</source>
        <translation>评审表 PDF、回传文件或评审包——也可拖到这里</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Verify file</source>
        <translation>验证文件</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>核验码：</translation>
    </message>
    <message>
        <source>Verify code</source>
        <translation>验证核验码</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copy the report as text, e.g. into an e-mail</source>
        <translation>将报告复制为文本，例如粘贴到邮件中</translation>
    </message>
    <message>
        <source>Intact</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>Matches the signed records</source>
        <translation>与签名记录一致</translation>
    </message>
    <message>
        <source>Not intact</source>
        <translation>不完整</translation>
    </message>
    <message>
        <source>Does not match the signed records</source>
        <translation>与签名记录不一致</translation>
    </message>
    <message>
        <source>Intact, but signed with a key other than the one on record</source>
        <translation>文件完整，但签名密钥与登记的不一致</translation>
    </message>
    <message>
        <source>Cannot be confirmed</source>
        <translation>无法确认</translation>
    </message>
    <message>
        <source>Cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Cannot verify</source>
        <translation>无法验证</translation>
    </message>
    <message>
        <source>Case, spaces and dashes do not matter.</source>
        <translation>不区分大小写，空格和短横线可有可无。</translation>
    </message>
    <message>
        <source>Not a complete code yet: RW and 16 letters or digits.</source>
        <translation>核验码还不完整：应为 RW 加 16 位字母或数字。</translation>
    </message>
    <message>
        <source>Will be looked up as {code}</source>
        <translation>将按 {code} 查找</translation>
    </message>
    <message>
        <source>Sheets, returns and bundles (*.pdf *{ret} *{bundle});;All files (*)</source>
        <translation>评审表、回传文件和评审包 (*.pdf *{ret} *{bundle});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a file to verify</source>
        <translation>选择要验证的文件</translation>
    </message>
    <message>
        <source>A code can only be looked up in a workspace: open the workspace whose sheets these are.</source>
        <translation>核验码只能在工作区中查找：请打开这些评审表所属的工作区。</translation>
    </message>
    <message>
        <source>The report was copied.</source>
        <translation>报告已复制。</translation>
    </message>
</context>
<context>
    <name>_WindowAction</name>
    <message>
        <source>&amp;Verify a file or code…</source>
        <translation>验证文件或验证码(&amp;V)…</translation>
    </message>
    <message>
        <source>Check a sheet, its verification code, or a return file against the signed records</source>
        <translation>核对评审表、核验码或回传文件是否与签名记录一致</translation>
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
