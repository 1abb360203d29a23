<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartExport</name>
    <message>
        <source>%1: unknown chart format (use %2)</source>
        <translation>%1：未知的图表格式（请使用 %2）</translation>
    </message>
    <message>
        <source>%1: could not be written</source>
        <translation>%1：无法写入</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>RadGraph simple</source>
        <translation>RadGraph 简单</translation>
    </message>
    <message>
        <source>RadGraph partial</source>
        <translation>RadGraph 部分</translation>
    </message>
    <message>
        <source>RadGraph complete</source>
        <translation>RadGraph 完整</translation>
    </message>
    <message>
        <source>Label F1 micro</source>
        <translation>标签 F1 微平均</translation>
    </message>
    <message>
        <source>Label F1 macro</source>
        <translation>标签 F1 宏平均</translation>
    </message>
    <message>
        <source>Label F1 top-5 micro</source>
        <translation>标签 F1 前 5 微平均</translation>
    </message>
    <message>
        <source>Label F1 top-5 macro</source>
        <translation>标签 F1 前 5 宏平均</translation>
    </message>
    <message>
        <source>F1 against the reference reports (95% interval over cases)</source>
        <translation>相对参考报告的 F1（病例间 95% 区间）</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Prefill speed</source>
        <translation>预填充速度</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Decode speed</source>
        <translation>解码速度</translation>
    </message>
    <message>
        <source>decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Peak GPU memory and size on disk</source>
        <translation>GPU 显存峰值与磁盘大小</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>peak GPU memory</source>
        <translation>GPU 显存峰值</translation>
    </message>
    <message>
        <source>size on disk</source>
        <translation>磁盘大小</translation>
    </message>
    <message>
        <source>%1 per case: %2 vs %3</source>
        <translation>逐病例 %1：%2 对 %3</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>case %1 (row %2)</source>
        <translation>病例 %1（第 %2 行）</translation>
    </message>
    <message>
        <source>Quality against speed (%1)</source>
        <translation>质量与速度（%1）</translation>
    </message>
    <message>
        <source>decode tokens/s</source>
        <translation>解码 词元/秒</translation>
    </message>
    <message>
        <source>models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>F1 against the original model&apos;s reports (95% interval over cases)</source>
        <translation>相对原始模型报告的 F1（病例间 95% 区间）</translation>
    </message>
</context>
<context>
    <name>EvaluationInputs</name>
    <message>
        <source>Choose the original model.</source>
        <translation>请选择原始模型。</translation>
    </message>
    <message>
        <source>%1: not a model folder (it has no config.json).</source>
        <translation>%1：不是模型文件夹（没有 config.json）。</translation>
    </message>
    <message>
        <source>Add at least one quantized model to compare with (from the runs or a folder).</source>
        <translation>请至少添加一个用于对比的量化模型（从运行记录或文件夹添加）。</translation>
    </message>
    <message>
        <source>%1 is listed twice; each model is evaluated once.</source>
        <translation>%1 被列出了两次；每个模型只评估一次。</translation>
    </message>
    <message>
        <source>Choose the evaluation table.</source>
        <translation>请选择评估表格。</translation>
    </message>
    <message>
        <source>%1: file not found.</source>
        <translation>%1：找不到文件。</translation>
    </message>
    <message>
        <source>Choose the prompt template.</source>
        <translation>请选择提示模板。</translation>
    </message>
    <message>
        <source>Max new tokens must be at least 1.</source>
        <translation>最大新词元数至少为 1。</translation>
    </message>
    <message>
        <source>Choose the output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>%1 already exists; choose a new output folder.</source>
        <translation>%1 已存在；请选择新的输出文件夹。</translation>
    </message>
</context>
<context>
    <name>EvaluationRun</name>
    <message>
        <source>%1: not found (is this an evaluation run folder?)</source>
        <translation>%1：未找到（这是评估运行文件夹吗？）</translation>
    </message>
    <message>
        <source>%1: not valid JSON (%2)</source>
        <translation>%1：不是有效的 JSON（%2）</translation>
    </message>
    <message>
        <source>%1: not a MedAWQ evaluation results file</source>
        <translation>%1：不是 MedAWQ 评估结果文件</translation>
    </message>
    <message>
        <source>%1: the run holds no model</source>
        <translation>%1：该运行不含任何模型</translation>
    </message>
    <message>
        <source>%1: line %2 is not valid JSON</source>
        <translation>%1：第 %2 行不是有效的 JSON</translation>
    </message>
</context>
<context>
    <name>ExperimentReport</name>
    <message>
        <source>MedAWQ experiment report</source>
        <translation>MedAWQ 实验报告</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Research use only: the reports and figures in this document are not for clinical use.</source>
        <translation>仅供研究：本文档中的报告和数据不可用于临床。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Report generated: %1</source>
        <translation>报告生成时间：%1</translation>
    </message>
    <message>
        <source>Evaluation run: %1 (created %2)</source>
        <translation>评估运行：%1（创建于 %2）</translation>
    </message>
    <message>
        <source>Evaluated on: %1</source>
        <translation>评估设备：%1</translation>
    </message>
    <message>
        <source>Software of the run: %1</source>
        <translation>运行所用软件：%1</translation>
    </message>
    <message>
        <source>This report: MedAWQ %1, Qt %2, on %3 (%4)</source>
        <translation>本报告：MedAWQ %1，Qt %2，系统 %3（%4）</translation>
    </message>
    <message>
        <source>Evaluation data</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256：%1</translation>
    </message>
    <message>
        <source>Cases: %1 of %2 rows read; reference column: %3</source>
        <translation>病例：已读取 %2 行中的 %1 例；参考列：%3</translation>
    </message>
    <message>
        <source>Models and quantization</source>
        <translation>模型与量化</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>Size on disk (GB)</source>
        <translation>磁盘大小 (GB)</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Load model (s)</source>
        <translation>加载模型（秒）</translation>
    </message>
    <message>
        <source>Prepare calibration (s)</source>
        <translation>准备校准（秒）</translation>
    </message>
    <message>
        <source>Activation statistics (s)</source>
        <translation>激活统计（秒）</translation>
    </message>
    <message>
        <source>Quantize weights (s)</source>
        <translation>量化权重（秒）</translation>
    </message>
    <message>
        <source>Save (s)</source>
        <translation>保存（秒）</translation>
    </message>
    <message>
        <source>%1: quantization_info.json not found at %2</source>
        <translation>%1：在 %2 未找到 quantization_info.json</translation>
    </message>
    <message>
        <source>%1: %2, preset %3, %4-bit, group size %5, zero point %6</source>
        <translation>%1：%2，预设 %3，%4 位，分组大小 %5，零点 %6</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 calibration data: %2, SHA-256 %3, %4 rows read, %5 used</source>
        <translation>%1 校准数据：%2，SHA-256 %3，读取 %4 行，使用 %5 行</translation>
    </message>
    <message>
        <source>%1 calibration data: none (round to nearest)</source>
        <translation>%1 校准数据：无（就近舍入）</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Scores against the reference reports; in brackets the change against %1 (95% intervals in the CSV export).</source>
        <translation>相对参考报告的得分；括号内为相对 %1 的变化（95% 区间见 CSV 导出）。</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Prefill (tokens/s)</source>
        <translation>预填充（词元/秒）</translation>
    </message>
    <message>
        <source>Decode (tokens/s)</source>
        <translation>解码（词元/秒）</translation>
    </message>
    <message>
        <source>Peak GPU memory (GB)</source>
        <translation>GPU 显存峰值 (GB)</translation>
    </message>
    <message>
        <source>Change (%1)</source>
        <translation>变化（%1）</translation>
    </message>
    <message>
        <source>Case comparisons</source>
        <translation>病例对比</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s), largest drop of %1 first. Struck through: words of %2 that %3 lost; underlined: words %3 added.</source>
        <translation>
            <numerusform>%n 个病例，按 %1 下降最多排序。删除线：%2 中被 %3 丢失的词；下划线：%3 新增的词。</numerusform>
        </translation>
    </message>
    <message>
        <source>Case %1 (row %2)</source>
        <translation>病例 %1（第 %2 行）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考报告</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>the reports agree</source>
        <translation>各报告一致</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>The table has no reference reports: scores are against %1&apos;s reports, which count as the ground truth here (95% intervals in the CSV export).</source>
        <translation>该表没有参考报告：评分以 %1 的报告为基准，此处将其视为真值（95% 区间见 CSV 导出）。</translation>
    </message>
    <message>
        <source>Image (not shown)</source>
        <translation>图像（未显示）</translation>
    </message>
</context>
<context>
    <name>FailureHint</name>
    <message>
        <source>The device ran out of memory. Use fewer calibration samples, a shorter sequence length or fewer blocks (Calibration data page), or a device with more memory.</source>
        <translation>设备内存不足。请在“校准数据”页减少校准样本数、缩短序列长度或减少块数，或改用内存更大的设备。</translation>
    </message>
    <message>
        <source>Use more samples or a shorter sequence length on the Calibration data page.</source>
        <translation>请在“校准数据”页增加样本数或缩短序列长度。</translation>
    </message>
    <message>
        <source>Choose another output folder, or tick “Replace an existing folder” on the Quantization settings page.</source>
        <translation>请选择其他输出文件夹，或在“量化设置”页勾选“替换已有文件夹”。</translation>
    </message>
    <message>
        <source>The disk is full. Free some space, or choose an output folder on another disk.</source>
        <translation>磁盘已满。请释放空间，或把输出文件夹放到其他磁盘上。</translation>
    </message>
    <message>
        <source>The activations overflowed. Quantize with float32 on the CPU, or bfloat16 on the GPU.</source>
        <translation>激活值溢出。请在 CPU 上用 float32，或在 GPU 上用 bfloat16 量化。</translation>
    </message>
    <message>
        <source>The GPU could not be used. Choose the CPU as the device, or check the GPU driver.</source>
        <translation>无法使用 GPU。请把设备改为 CPU，或检查 GPU 驱动。</translation>
    </message>
    <message>
        <source>Choose the text columns or the prompt template again on the Calibration data page.</source>
        <translation>请在“校准数据”页重新选择文本列或提示模板。</translation>
    </message>
    <message>
        <source>Choose the original 16-bit model on the Model page.</source>
        <translation>请在“模型”页选择原始的 16 位模型。</translation>
    </message>
    <message>
        <source>The log shows the steps before the failure. “Copy diagnostics” puts the error, the settings and the log&apos;s end on the clipboard for a bug report.</source>
        <translation>日志记录了失败前的各个步骤。“复制诊断信息”会把错误、设置和日志末尾复制到剪贴板，便于提交问题报告。</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>阴性（明确否定）</translation>
    </message>
    <message>
        <source>uncertain</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>not mentioned</source>
        <translation>未提及</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 中为%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 TB</source>
        <translation>%1 TB</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 B parameters</source>
        <translation>%1 B 参数</translation>
    </message>
    <message>
        <source>%1 M parameters</source>
        <translation>%1 M 参数</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <source>%1 %2/s</source>
        <translation>%1 %2/秒</translation>
    </message>
</context>
<context>
    <name>PdfAttachment</name>
    <message>
        <source>%1: cannot attach %2: %3</source>
        <translation>%1：无法附加 %2：%3</translation>
    </message>
    <message>
        <source>no classic cross-reference trailer</source>
        <translation>没有经典交叉引用尾部</translation>
    </message>
    <message>
        <source>the trailer has no /Size, /Root or startxref</source>
        <translation>尾部缺少 /Size、/Root 或 startxref</translation>
    </message>
    <message>
        <source>the catalog object was not found</source>
        <translation>未找到目录对象</translation>
    </message>
    <message>
        <source>the catalog is not a plain dictionary</source>
        <translation>目录不是普通字典</translation>
    </message>
    <message>
        <source>the catalog already has a /Names dictionary</source>
        <translation>目录已含 /Names 字典</translation>
    </message>
</context>
<context>
    <name>PdfReport</name>
    <message>
        <source>%1: cannot be written</source>
        <translation>%1：无法写入</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>%1: cannot be read</source>
        <translation>%1：无法读取</translation>
    </message>
    <message>
        <source>The evaluation run&apos;s results.json</source>
        <translation>评估运行的 results.json</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <source>%1: cannot be written (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
    <message>
        <source>%1: cannot be created</source>
        <translation>%1：无法创建</translation>
    </message>
</context>
<context>
    <name>StageRow</name>
    <message>
        <source>1. Load model</source>
        <translation>1. 加载模型</translation>
    </message>
    <message>
        <source>2. Prepare calibration data</source>
        <translation>2. 准备校准数据</translation>
    </message>
    <message>
        <source>3. Activation statistics</source>
        <translation>3. 激活统计</translation>
    </message>
    <message>
        <source>4. Quantize weights</source>
        <translation>4. 量化权重</translation>
    </message>
    <message>
        <source>5. Save</source>
        <translation>5. 保存</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>layer %1 of %2</source>
        <translation>第 %1 层，共 %2 层</translation>
    </message>
    <message>
        <source>ETA unknown</source>
        <translation>剩余时间未知</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计还需 %1</translation>
    </message>
</context>
<context>
    <name>medawq::ui::CalibrationPanel</name>
    <message>
        <source>Calibration data</source>
        <translation>校准数据</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.xlsx *.jsonl *.txt);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.xlsx *.jsonl *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>提示模板</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a calibration data file (CSV, XLSX, JSONL or TXT).</source>
        <translation>请选择校准数据文件（CSV、XLSX、JSONL 或 TXT）。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Choose a prompt template file, or use text columns.</source>
        <translation>请选择提示模板文件，或改用文本列。</translation>
    </message>
    <message>
        <source>%1: no column %2; choose the text column(s) below.</source>
        <translation>%1：没有列 %2；请在下方选择文本列。</translation>
    </message>
    <message>
        <source>Choose at least one text column, or a prompt template.</source>
        <translation>请至少选择一个文本列，或使用提示模板。</translation>
    </message>
    <message>
        <source>Counting tokens needs the model&apos;s tokenizer: choose a usable model on the Model page.</source>
        <translation>统计词元需要模型的分词器：请在“模型”页选择一个可用的模型。</translation>
    </message>
    <message>
        <source>Counting calibration tokens…</source>
        <translation>正在统计校准词元…</translation>
    </message>
    <message>
        <source>RTN does not use calibration data.</source>
        <translation>RTN 不使用校准数据。</translation>
    </message>
    <message>
        <source>AWQ chooses its scales from the activations these texts cause: use text like what the model will see in use (for report generation, your prompts or your reports).</source>
        <translation>AWQ 根据这些文本产生的激活值选择缩放系数：请使用与模型实际输入相似的文本（对报告生成而言，即您的提示或报告）。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>CSV, TSV, XLSX, JSONL or TXT</source>
        <translation>CSV、TSV、XLSX、JSONL 或 TXT</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>Text of each row</source>
        <translation>每行的文本</translation>
    </message>
    <message>
        <source>Text &amp;columns (joined with line breaks):</source>
        <translation>文本列(&amp;C)（以换行连接）：</translation>
    </message>
    <message>
        <source>Prompt &amp;template file ({column} placeholders filled from each row):</source>
        <translation>提示模板文件(&amp;T)（{列名} 占位符由每行填充）：</translation>
    </message>
    <message>
        <source>prompt.txt</source>
        <translation>prompt.txt</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Wrap each text in the model&apos;s chat format</source>
        <translation>用模型的对话格式包装每段文本</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>&amp;Samples:</source>
        <translation>样本数(&amp;S)：</translation>
    </message>
    <message>
        <source> rows</source>
        <translation> 行</translation>
    </message>
    <message>
        <source>Rows drawn at random (with the seed) from the table; all rows when it has fewer.</source>
        <translation>按随机种子从表中随机抽取的行数；表中行数更少时使用全部行。</translation>
    </message>
    <message>
        <source>Se&amp;quence length:</source>
        <translation>序列长度(&amp;Q)：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>最多：</translation>
    </message>
    <message>
        <source> blocks</source>
        <translation> 块</translation>
    </message>
    <message>
        <source>all blocks</source>
        <translation>全部块</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>随机种子(&amp;E)：</translation>
    </message>
    <message>
        <source>First calibration text, as the model sees it</source>
        <translation>第一条校准文本（模型看到的样子）</translation>
    </message>
    <message numerus="yes">
        <source>(%n more warning(s))</source>
        <translation>
            <numerusform>（另有 %n 条警告）</numerusform>
        </translation>
    </message>
    <message>
        <source>Warnings: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Preview: no table read.</source>
        <translation>预览：尚未读取表格。</translation>
    </message>
    <message>
        <source>Preview: reading…</source>
        <translation>预览：正在读取…</translation>
    </message>
    <message>
        <source>%1 rows in the file; %2 drawn (seed %3); %4 empty.</source>
        <translation>文件中有 %1 行；抽取 %2 行（随机种子 %3）；%4 行为空。</translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) used, %1 to %2 tokens each (mean %3).</source>
        <translation>
            <numerusform>使用 %n 段文本，每段 %1 到 %2 个词元（平均 %3）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) of %1 tokens: %2 tokens go through the model, %3 tokens left over.</source>
        <translation>
            <numerusform>%n 块，每块 %1 个词元：%2 个词元输入模型，剩余 %3 个词元未用。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) longer than %1 tokens cut to that length.</source>
        <translation>
            <numerusform>%n 段文本超过 %1 个词元，已截断到该长度。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) longer than %1 tokens left out (autoawq preset).</source>
        <translation>
            <numerusform>%n 段文本超过 %1 个词元，已舍弃（autoawq 预设）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>正在统计词元…</translation>
    </message>
    <message>
        <source>Token statistics appear here.</source>
        <translation>词元统计将显示在这里。</translation>
    </message>
    <message numerus="yes">
        <source>Preview: the first %n row(s);</source>
        <translation>
            <numerusform>预览：前 %n 行；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n column(s).</source>
        <translation>
            <numerusform>共 %n 列。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::EvaluatePanel</name>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Original model folder</source>
        <translation>原始模型文件夹</translation>
    </message>
    <message>
        <source>Quantized model folder</source>
        <translation>量化模型文件夹</translation>
    </message>
    <message>
        <source>Evaluation table</source>
        <translation>评估表格</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.xlsx *.jsonl);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.xlsx *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>提示模板</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Output folder (created by the run)</source>
        <translation>输出文件夹（由运行创建）</translation>
    </message>
    <message>
        <source>%1 — %2 %3 bit, group %4 — %5</source>
        <translation>%1 — %2 %3 位，分组 %4 — %5</translation>
    </message>
    <message>
        <source>No quantization runs yet</source>
        <translation>还没有量化运行记录</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>Automatic (none: scored against the original model)</source>
        <translation>自动（无：以原始模型的报告为参照评分）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>%1 rows; %2 cases will be drawn (seed 42). The first rows:</source>
        <translation>共 %1 行；将抽取 %2 个病例（随机种子 42）。前几行：</translation>
    </message>
    <message>
        <source>The first rows:</source>
        <translation>前几行：</translation>
    </message>
    <message>
        <source>The prompt of the first case (table row %1), before the model&apos;s chat template:</source>
        <translation>第一个病例（表格第 %1 行）的提示，套用模型对话模板之前：</translation>
    </message>
    <message>
        <source>The prompt of the first case:</source>
        <translation>第一个病例的提示：</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>A quantization is running (Run page).</source>
        <translation>正在进行量化（见“运行”页）。</translation>
    </message>
    <message>
        <source>A report is being generated (Test page).</source>
        <translation>正在生成报告（见“测试”页）。</translation>
    </message>
    <message>
        <source>Checking the table and the prompt template…</source>
        <translation>正在检查表格和提示模板…</translation>
    </message>
    <message numerus="yes">
        <source>Evaluating %n model(s) on %1…</source>
        <translation>
            <numerusform>正在用 %1 评估 %n 个模型…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Finished in %1; saved %2</source>
        <translation>用时 %1 完成；已保存到 %2</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；没有写入任何内容。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Compare the original model with its quantized versions on an evaluation table: the same prompts through every model, the reports scored against the reference column, speed measured the same way. Outputs are not for clinical use.</source>
        <translation>在评估表格上比较原始模型与其量化版本：每个模型使用相同的提示，生成的报告以参考列为准评分，速度以相同方式测量。输出结果不可用于临床。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Original model:</source>
        <translation>原始模型：</translation>
    </message>
    <message>
        <source>The unquantized model folder</source>
        <translation>未量化的模型文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Quantized models:</source>
        <translation>量化模型：</translation>
    </message>
    <message>
        <source>Add from runs</source>
        <translation>从运行记录添加</translation>
    </message>
    <message>
        <source>Add a finished quantization run</source>
        <translation>添加一个已完成的量化运行</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Evaluation data</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <source>Evaluation table:</source>
        <translation>评估表格：</translation>
    </message>
    <message>
        <source>CSV, XLSX or JSONL with the prompt&apos;s columns and the reference report</source>
        <translation>含提示所需各列和参考报告的 CSV、XLSX 或 JSONL</translation>
    </message>
    <message>
        <source>Reference column:</source>
        <translation>参考列：</translation>
    </message>
    <message>
        <source>The human report the generated reports are scored against</source>
        <translation>用于给生成报告评分的人工报告</translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation>提示模板：</translation>
    </message>
    <message>
        <source>A text file with {column} placeholders</source>
        <translation>含 {列名} 占位符的文本文件</translation>
    </message>
    <message>
        <source>Cases:</source>
        <translation>病例数：</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Rows drawn from the table with a fixed seed; 0 = every row</source>
        <translation>以固定随机种子从表格中抽取的行数；0 = 全部行</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>最大新词元数：</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>RadGraph F1</source>
        <translation>RadGraph F1</translation>
    </message>
    <message>
        <source>Off: the run will not compute it.</source>
        <translation>已关闭：本次运行不计算该指标。</translation>
    </message>
    <message>
        <source>Checking whether Python has the radgraph package…</source>
        <translation>正在检查 Python 是否安装了 radgraph 包…</translation>
    </message>
    <message>
        <source>Available (radgraph %1, %2)</source>
        <translation>可用（radgraph %1，%2）</translation>
    </message>
    <message>
        <source>Not available: %1. The other metrics are computed; RadGraph F1 is left out, never replaced by another number.</source>
        <translation>不可用：%1。其他指标照常计算；RadGraph F1 将留空，绝不会用其他数值代替。</translation>
    </message>
    <message>
        <source>RadGraph rule:</source>
        <translation>RadGraph 规则：</translation>
    </message>
    <message>
        <source>0.1.18 (released package, case-sensitive)</source>
        <translation>0.1.18（正式发布版，区分大小写）</translation>
    </message>
    <message>
        <source>head (development version, lower-cased)</source>
        <translation>head（开发版，转为小写）</translation>
    </message>
    <message>
        <source>Uncertain CheXpert labels count as:</source>
        <translation>不确定的 CheXpert 标签计为：</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Run &amp;evaluation</source>
        <translation>运行评估(&amp;E)</translation>
    </message>
    <message>
        <source>Evaluate the models with these choices (Ctrl+E)</source>
        <translation>按当前选择评估这些模型 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>medawq::ui::EvaluationProgressView</name>
    <message>
        <source>Preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Generating reports</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>Measuring speed</source>
        <translation>测量速度</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>ETA —</source>
        <translation>剩余时间 —</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计还需 %1</translation>
    </message>
    <message>
        <source>Preparation, scoring, saving</source>
        <translation>准备、评分、保存</translation>
    </message>
    <message>
        <source>Original: %1</source>
        <translation>原始：%1</translation>
    </message>
    <message>
        <source>Quantized: %1</source>
        <translation>量化：%1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>已用时间</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余时间</translation>
    </message>
</context>
<context>
    <name>medawq::ui::MainWindow</name>
    <message>
        <source>About MedAWQ Workbench</source>
        <translation>关于 MedAWQ 工作台</translation>
    </message>
    <message>
        <source>MedAWQ Workbench %1
Quantizes medical report-generation models to 4-bit AWQ and measures what it cost.
Runs folder: %2

Outputs are not for clinical use.</source>
        <translation>MedAWQ 工作台 %1
把医学报告生成模型量化为 4 位 AWQ，并衡量其代价。
运行记录文件夹：%2

输出结果不可用于临床。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Calibration data</source>
        <translation>校准数据</translation>
    </message>
    <message>
        <source>Quantization settings</source>
        <translation>量化设置</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>A quantization is running (Run page).</source>
        <translation>正在进行量化（见“运行”页）。</translation>
    </message>
    <message>
        <source>A report is being generated (Test page).</source>
        <translation>正在生成报告（见“测试”页）。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Quantizing %1…</source>
        <translation>正在量化 %1…</translation>
    </message>
    <message>
        <source>Saved %1 (%2)</source>
        <translation>已保存 %1（%2）</translation>
    </message>
    <message>
        <source>Run cancelled; nothing was written.</source>
        <translation>运行已取消；没有写入任何文件。</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>A run is in progress; open finished runs when it ends.</source>
        <translation>有运行正在进行；请在其结束后再打开已完成的运行。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>A quantization is running. Cancel it and quit?</source>
        <translation>正在进行量化。要取消并退出吗？</translation>
    </message>
    <message>
        <source>MedAWQ Workbench</source>
        <translation>MedAWQ 工作台</translation>
    </message>
    <message>
        <source>Welcome. This is the demo model (a 10-million-parameter report writer) with its synthetic calibration reports, set up to quantize in about a minute on a laptop CPU. Press Run (Ctrl+R) to watch the five stages, then try the result on the Test page. Open your own model with Ctrl+O.</source>
        <translation>欢迎使用。这是演示模型（一个 1000 万参数的报告生成模型）及其合成的校准报告，已设置为在笔记本电脑 CPU 上约一分钟完成量化。按“运行”(Ctrl+R) 观看五个阶段，然后在“测试”页试用结果。按 Ctrl+O 打开您自己的模型。</translation>
    </message>
    <message>
        <source>Hide this hint</source>
        <translation>隐藏此提示</translation>
    </message>
    <message>
        <source>&amp;Run quantization</source>
        <translation>运行量化(&amp;R)</translation>
    </message>
    <message>
        <source>Quantize with the choices on the first three pages (Ctrl+R)</source>
        <translation>按前三页的选择进行量化 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Runs folder: %1</source>
        <translation>运行记录文件夹：%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open model folder…</source>
        <translation>打开模型文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;calibration data…</source>
        <translation>打开校准数据(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>最近的模型(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;demo model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Generate a test report</source>
        <translation>生成测试报告(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About MedAWQ Workbench</source>
        <translation>关于 MedAWQ 工作台(&amp;A)</translation>
    </message>
    <message>
        <source>An evaluation is running (Evaluate page).</source>
        <translation>正在进行评估（见“评估”页）。</translation>
    </message>
    <message>
        <source>Evaluation saved in %1 (%2)</source>
        <translation>评估结果已保存到 %1（%2）</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was written.</source>
        <translation>评估已取消；没有写入任何内容。</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>An evaluation is running. Cancel it and quit?</source>
        <translation>正在进行评估。要取消并退出吗？</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>medawq::ui::ModelPanel</name>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Choose a model folder (Hugging Face layout: config.json and *.safetensors).</source>
        <translation>请选择模型文件夹（Hugging Face 格式：config.json 和 *.safetensors）。</translation>
    </message>
    <message>
        <source>Reading the model folder…</source>
        <translation>正在读取模型文件夹…</translation>
    </message>
    <message>
        <source>%1 is already AWQ-quantized (%2-bit, group %3): choose the original model to quantize it.</source>
        <translation>%1 已经是 AWQ 量化模型（%2 位，分组 %3）：请选择原始模型进行量化。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The original (16-bit) model to quantize, as a Hugging Face folder. Only config.json and the safetensors headers are read here; the weights load when a run starts.</source>
        <translation>要量化的原始（16 位）模型，Hugging Face 格式的文件夹。这里只读取 config.json 和 safetensors 文件头；权重在开始运行时才加载。</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <source>Stored as:</source>
        <translation>存储格式：</translation>
    </message>
    <message>
        <source>Size on disk:</source>
        <translation>磁盘占用：</translation>
    </message>
    <message>
        <source>GPU memory, 16-bit:</source>
        <translation>GPU 显存（16 位）：</translation>
    </message>
    <message>
        <source>GPU memory, 4-bit:</source>
        <translation>GPU 显存（4 位）：</translation>
    </message>
    <message>
        <source>Quantization:</source>
        <translation>量化：</translation>
    </message>
    <message>
        <source>Vision:</source>
        <translation>视觉：</translation>
    </message>
    <message>
        <source>%1 decoder layers, hidden size %2, vocabulary of %3 tokens</source>
        <translation>%1 个解码层，隐藏维度 %2，词表 %3 个词元</translation>
    </message>
    <message>
        <source>%1 (config.json); tensors: %2</source>
        <translation>%1（config.json）；张量：%2</translation>
    </message>
    <message>
        <source>%1 for the weights (estimate; activations and the KV cache come on top)</source>
        <translation>权重约需 %1（估计值；激活值和 KV 缓存另计）</translation>
    </message>
    <message>
        <source>%1 for the weights (estimate, AWQ 4-bit, group 128)</source>
        <translation>权重约需 %1（估计值，AWQ 4 位，分组 128）</translation>
    </message>
    <message>
        <source>Already AWQ: %1-bit, group %2</source>
        <translation>已是 AWQ：%1 位，分组 %2</translation>
    </message>
    <message>
        <source>Not quantized</source>
        <translation>未量化</translation>
    </message>
    <message>
        <source>Vision tower and projector (kept in 16 bit)</source>
        <translation>视觉编码器和投影层（保持 16 位）</translation>
    </message>
    <message>
        <source>Text only</source>
        <translation>仅文本</translation>
    </message>
    <message>
        <source>The %1 embedding table stays in host memory (both sizes leave it out).</source>
        <translation>%1 的词嵌入表保留在主机内存中（上面两个大小均不含它）。</translation>
    </message>
</context>
<context>
    <name>medawq::ui::QuantizeSettingsPanel</name>
    <message>
        <source>Folder to hold the output folder</source>
        <translation>存放输出文件夹的位置</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file; the output must be a folder.</source>
        <translation>%1 是文件；输出必须是文件夹。</translation>
    </message>
    <message>
        <source>%1 already exists: choose another output folder, or tick “Replace an existing folder”.</source>
        <translation>%1 已存在：请选择其他输出文件夹，或勾选“替换已有文件夹”。</translation>
    </message>
    <message>
        <source>%1: cannot write there (no permission).</source>
        <translation>%1：无法写入（没有权限）。</translation>
    </message>
    <message>
        <source>Quantization settings</source>
        <translation>量化设置</translation>
    </message>
    <message>
        <source>4-bit weights with one scale and zero point per group of input channels are what AutoAWQ GEMM kernels (vLLM, transformers) load. The defaults suit most models.</source>
        <translation>AutoAWQ GEMM 内核（vLLM、transformers）加载的是 4 位权重，每组输入通道有一个缩放系数和零点。默认设置适合大多数模型。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>MedAWQ (recommended)</source>
        <translation>MedAWQ（推荐）</translation>
    </message>
    <message>
        <source>AutoAWQ 0.2.9 (identical choices)</source>
        <translation>AutoAWQ 0.2.9（完全相同的选择）</translation>
    </message>
    <message>
        <source>Reproduces AutoAWQ&apos;s choices exactly, for comparisons: long texts are dropped, only the first block starts with BOS, scales are searched on the grid only.</source>
        <translation>完全复现 AutoAWQ 的选择，便于对比：过长文本被舍弃，只有第一块以 BOS 开头，缩放系数只在网格上搜索。</translation>
    </message>
    <message>
        <source>Long texts are cut instead of dropped, every block starts with BOS, and the search also tries leaving a layer&apos;s scales at 1.</source>
        <translation>过长文本被截断而不是舍弃，每块都以 BOS 开头，搜索时还会尝试把某层的缩放系数保持为 1。</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <source>AWQ (activation-aware scales from calibration data)</source>
        <translation>AWQ（根据校准数据的激活值确定缩放系数）</translation>
    </message>
    <message>
        <source>RTN (round to nearest, the baseline; no calibration data)</source>
        <translation>RTN（就近取整，基线方法；无需校准数据）</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>位数(&amp;B)：</translation>
    </message>
    <message>
        <source>4 bit</source>
        <translation>4 位</translation>
    </message>
    <message>
        <source>3 bit</source>
        <translation>3 位</translation>
    </message>
    <message>
        <source>No kernel runs 3-bit AWQ: the weights are saved rounded but in 16 bit (no memory saved); for measuring quality only.</source>
        <translation>没有内核能运行 3 位 AWQ：权重取整后仍以 16 位保存（不节省显存），仅用于衡量质量。</translation>
    </message>
    <message>
        <source>Saved as an AutoAWQ GEMM checkpoint.</source>
        <translation>保存为 AutoAWQ GEMM 检查点。</translation>
    </message>
    <message>
        <source>&amp;Group size:</source>
        <translation>分组大小(&amp;G)：</translation>
    </message>
    <message>
        <source>%1 input channels</source>
        <translation>%1 个输入通道</translation>
    </message>
    <message>
        <source>&amp;Zero point (asymmetric range per group)</source>
        <translation>零点(&amp;Z)（每组使用非对称范围）</translation>
    </message>
    <message>
        <source>Search &amp;grid:</source>
        <translation>搜索网格(&amp;G)：</translation>
    </message>
    <message>
        <source> points</source>
        <translation> 个点</translation>
    </message>
    <message>
        <source>&amp;Clipping search (shrinks each group&apos;s range where that lowers the error)</source>
        <translation>裁剪搜索(&amp;C)（在能降低误差时收窄每组的范围）</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>No GPU: this build of libtorch or this machine has no CUDA device, so runs use the CPU.</source>
        <translation>没有 GPU：此 libtorch 版本或本机没有 CUDA 设备，因此在 CPU 上运行。</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>输出文件夹(&amp;O)：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;New name</source>
        <translation>新名称(&amp;N)</translation>
    </message>
    <message>
        <source>A fresh folder in the runs folder, named after the model and these settings</source>
        <translation>在运行记录文件夹中新建一个以模型和当前设置命名的文件夹</translation>
    </message>
    <message>
        <source>&amp;Replace an existing folder</source>
        <translation>替换已有文件夹(&amp;R)</translation>
    </message>
</context>
<context>
    <name>medawq::ui::ReportDiffView</name>
    <message>
        <source>No case selected</source>
        <translation>未选择病例</translation>
    </message>
    <message>
        <source>No run open</source>
        <translation>未打开运行</translation>
    </message>
    <message>
        <source>Case %1 of %2 (table row %3)</source>
        <translation>病例 %1 / %2（表格第 %3 行）</translation>
    </message>
    <message>
        <source>Findings: the reports agree.</source>
        <translation>发现：各报告一致。</translation>
    </message>
    <message>
        <source>Findings that differ:</source>
        <translation>存在差异的发现：</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考报告</translation>
    </message>
    <message>
        <source> (stopped at the token limit)</source>
        <translation>（达到词元上限而停止）</translation>
    </message>
</context>
<context>
    <name>medawq::ui::ResultsCharts</name>
    <message>
        <source>%1 image (*.%2)</source>
        <translation>%1 图像 (*.%2)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Add an evaluation run to compare</source>
        <translation>添加要比较的评估运行</translation>
    </message>
    <message>
        <source>Add run</source>
        <translation>添加运行</translation>
    </message>
    <message>
        <source>F1 metrics by model</source>
        <translation>各模型的 F1 指标</translation>
    </message>
    <message>
        <source>Prefill tokens/s</source>
        <translation>预填充 词元/秒</translation>
    </message>
    <message>
        <source>Decode tokens/s</source>
        <translation>解码 词元/秒</translation>
    </message>
    <message>
        <source>Peak GPU memory and size on disk</source>
        <translation>GPU 显存峰值与磁盘大小</translation>
    </message>
    <message>
        <source>Per-case scores: original vs quantized</source>
        <translation>逐病例得分：原始模型对量化模型</translation>
    </message>
    <message>
        <source>Quality against speed (runs)</source>
        <translation>质量与速度（各运行）</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Add run…</source>
        <translation>添加运行…</translation>
    </message>
    <message>
        <source>Add another evaluation run (another bit width or group size) as points of the quality-against-speed chart</source>
        <translation>添加另一次评估运行（其他位宽或分组大小），作为质量与速度图中的点</translation>
    </message>
</context>
<context>
    <name>medawq::ui::ResultsExport</name>
    <message>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>The experiment report of this run: settings, calibration data, the metrics table with changes against the original model, the charts and case comparisons, in the UI language. The PDF carries the run&apos;s results.json as an attachment. Outputs are for research, not for clinical use.</source>
        <translation>本次运行的实验报告：设置、校准数据、含相对原始模型变化的指标表、图表及病例对比，使用界面语言。PDF 以附件形式携带该运行的 results.json。输出仅供研究，不可用于临床。</translation>
    </message>
    <message>
        <source>Case comparisons (largest drop first):</source>
        <translation>病例对比（下降最多者优先）：</translation>
    </message>
    <message>
        <source>Compared with the original:</source>
        <translation>与原始模型比较：</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save Markdown…</source>
        <translation>保存 Markdown…</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
</context>
<context>
    <name>medawq::ui::ResultsPanel</name>
    <message>
        <source>Case %1 · row %2 · %3</source>
        <translation>病例 %1 · 第 %2 行 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) differ</source>
        <translation>
            <numerusform>%n 项发现不同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s)</source>
        <translation>
            <numerusform>%n 个病例中的 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Open an evaluation run</source>
        <translation>打开评估运行</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %n case(s) · created %3</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %2 · %n 个病例 · 创建于 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation run open. Open a run folder (it holds results.json and reports.jsonl).</source>
        <translation>未打开评估运行。请打开一个运行文件夹（其中含 results.json 和 reports.jsonl）。</translation>
    </message>
    <message>
        <source>Open run…</source>
        <translation>打开运行…</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Search the reports and prompts</source>
        <translation>搜索报告和提示</translation>
    </message>
    <message>
        <source>Only cases whose findings differ</source>
        <translation>仅显示发现不同的病例</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>病例编号</translation>
    </message>
    <message>
        <source>Largest drop first</source>
        <translation>下降最多优先</translation>
    </message>
    <message>
        <source>Largest gain first</source>
        <translation>提升最多优先</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>Compare:</source>
        <translation>比较：</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <source>Previous case in the list (Alt+Up)</source>
        <translation>列表中的上一个病例 (Alt+Up)</translation>
    </message>
    <message>
        <source>Next case in the list (Alt+Down)</source>
        <translation>列表中的下一个病例 (Alt+Down)</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>字号：</translation>
    </message>
    <message>
        <source>Copy case</source>
        <translation>复制病例</translation>
    </message>
    <message>
        <source>Copy this case (prompt, reference, reports, findings, scores) as text</source>
        <translation>以文本形式复制此病例（提示、参考报告、各报告、发现、得分）</translation>
    </message>
</context>
<context>
    <name>medawq::ui::RunView</name>
    <message>
        <source>Cancelled: nothing was written to %1.</source>
        <translation>已取消：没有向 %1 写入任何内容。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Last progress %1 ago · %2 in total</source>
        <translation>上次进度在 %1 前 · 共用时 %2</translation>
    </message>
    <message>
        <source>%1, %2 bit, group %3, %4, preset %5, on %6</source>
        <translation>%1，%2 位，分组 %3，%4，预设 %5，设备 %6</translation>
    </message>
    <message>
        <source>zero point</source>
        <translation>有零点</translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>; calibration %1: %2 rows, %3 blocks of %4 tokens</source>
        <translation>；校准 %1：%2 行，%3 块，每块 %4 个词元</translation>
    </message>
    <message>
        <source>; calibration %1: %2 samples, sequences of %3 tokens</source>
        <translation>；校准 %1：%2 个样本，序列长度 %3 个词元</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No run yet. When the Model, Calibration data and Quantization settings pages show no problem, press Run (Ctrl+R); the five stages then show here as they happen.</source>
        <translation>还没有运行。当“模型”“校准数据”和“量化设置”页都没有问题时，按“运行”(Ctrl+R)；五个阶段的进展会实时显示在这里。</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stops the run within about a second; nothing is written (Ctrl+.)</source>
        <translation>约一秒内停止运行，不写入任何内容 (Ctrl+.)</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>What to try: %1</source>
        <translation>可以尝试：%1</translation>
    </message>
    <message>
        <source>Open &amp;log</source>
        <translation>打开日志(&amp;L)</translation>
    </message>
    <message>
        <source>Copy &amp;diagnostics</source>
        <translation>复制诊断信息(&amp;D)</translation>
    </message>
    <message>
        <source>Cancelled after %1 (took effect in %2); nothing was written to %3.</source>
        <translation>运行 %1 后取消（%2 内生效）；没有向 %3 写入任何内容。</translation>
    </message>
    <message>
        <source>Saved to %1: %2 of weights on disk.</source>
        <translation>已保存到 %1：权重占用磁盘 %2。</translation>
    </message>
    <message>
        <source>Took %1 in total: load %2, calibration %3, statistics %4, quantization %5, save %6.</source>
        <translation>共用时 %1：加载 %2，校准 %3，统计 %4，量化 %5，保存 %6。</translation>
    </message>
    <message>
        <source>Mean module output error (MSE): %1 with plain rounding, %2 with AWQ&apos;s scales (%3 % lower).</source>
        <translation>模块输出平均误差 (MSE)：直接取整为 %1，使用 AWQ 缩放系数为 %2（降低 %3%）。</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Test this model</source>
        <translation>测试此模型(&amp;T)</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Log (%1)</source>
        <translation>日志（%1）</translation>
    </message>
</context>
<context>
    <name>medawq::ui::RunsModel</name>
    <message>
        <source> (AutoAWQ preset)</source>
        <translation>（AutoAWQ 预设）</translation>
    </message>
    <message>
        <source>%1 bit</source>
        <translation>%1 位</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Mean output error (MSE) of the quantized modules on the calibration data; lower is closer to the original</source>
        <translation>量化后各模块在校准数据上的平均输出误差 (MSE)；越低越接近原始模型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Module MSE</source>
        <translation>模块 MSE</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>%1 of %2; change against %3</source>
        <translation>%2 的 %1；相对 %3 的变化</translation>
    </message>
    <message>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>Evaluations: the headline F1 of the first quantized model and, in brackets, its paired change against the original model</source>
        <translation>评估记录：第一个量化模型的主要 F1，括号内为其相对原始模型的配对变化</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>病例数</translation>
    </message>
    <message>
        <source>Key metric (change)</source>
        <translation>关键指标（变化）</translation>
    </message>
</context>
<context>
    <name>medawq::ui::RunsPanel</name>
    <message>
        <source>Click a run to see its summary.</source>
        <translation>点击一条运行记录查看摘要。</translation>
    </message>
    <message>
        <source>%1 from %2 (%3)</source>
        <translation>%1，来自 %2（%3）</translation>
    </message>
    <message>
        <source>%1, %2 bit, group %3, %4; preset %5; search grid %6, clipping %7; on %8</source>
        <translation>%1，%2 位，分组 %3，%4；预设 %5；搜索网格 %6，裁剪 %7；设备 %8</translation>
    </message>
    <message>
        <source>zero point</source>
        <translation>有零点</translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Calibration %1: %2 rows, %3 blocks of %4 tokens (%5 tokens)</source>
        <translation>校准 %1：%2 行，%3 块，每块 %4 个词元（共 %5 个词元）</translation>
    </message>
    <message>
        <source>Took %1: load %2, calibration %3, statistics %4, quantization %5, save %6</source>
        <translation>用时 %1：加载 %2，校准 %3，统计 %4，量化 %5，保存 %6</translation>
    </message>
    <message>
        <source>%1 of weights on disk; mean module MSE %2 with plain rounding, %3 with the chosen scales</source>
        <translation>权重占用磁盘 %1；模块平均 MSE：直接取整 %2，使用所选缩放系数 %3</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%1 中有 %n 条运行记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter: model, method, device, date…</source>
        <translation>筛选：模型、方法、设备、日期…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the runs folder again (F5)</source>
        <translation>重新读取运行记录文件夹 (F5)</translation>
    </message>
    <message>
        <source>Unreadable: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>&amp;Open in Run view</source>
        <translation>在运行页打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Test this model</source>
        <translation>测试此模型(&amp;T)</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) in %2 shown (filter)</source>
        <translation>
            <numerusform>%2 中的 %n 条运行记录显示了 %1 条（已筛选）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of weights on disk</source>
        <translation>权重占用磁盘 %1</translation>
    </message>
    <message numerus="yes">
        <source>Evaluation of %1 on %n case(s), in %2</source>
        <translation>
            <numerusform>在 %n 个病例上评估 %1，结果位于 %2</numerusform>
        </translation>
    </message>
    <message>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <source>&amp;Open in Results</source>
        <translation>在结果页打开(&amp;O)</translation>
    </message>
</context>
<context>
    <name>medawq::ui::TestPanel</name>
    <message>
        <source>Choose a model: the original, a run&apos;s output folder, or any model folder.</source>
        <translation>请选择模型：原始模型、某次运行的输出文件夹或任意模型文件夹。</translation>
    </message>
    <message>
        <source>Reading the model folder…</source>
        <translation>正在读取模型文件夹…</translation>
    </message>
    <message>
        <source>Write a prompt.</source>
        <translation>请输入提示。</translation>
    </message>
    <message>
        <source>A quantization is running; the engine runs one job at a time.</source>
        <translation>正在进行量化；引擎一次只运行一个任务。</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Generate one report with the quantized model (or the original, to compare): greedy decoding, streamed as it comes, with the measured speed.</source>
        <translation>用量化后的模型（或用原始模型作对比）生成一份报告：贪心解码，边生成边显示，并给出实测速度。</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>%1, %2, %3 on disk</source>
        <translation>%1，%2，磁盘占用 %3</translation>
    </message>
    <message>
        <source>AWQ %1-bit, group %2</source>
        <translation>AWQ %1 位，分组 %2</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Ma&amp;x new tokens:</source>
        <translation>最多新词元(&amp;X)：</translation>
    </message>
    <message>
        <source>Wrap the prompt in the model&apos;s chat format</source>
        <translation>用模型的对话格式包装提示</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>提示(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Generate a report (Ctrl+G)</source>
        <translation>生成报告 (Ctrl+G)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报告：</translation>
    </message>
    <message>
        <source>Loading the model and reading the prompt…</source>
        <translation>正在加载模型并读取提示…</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) so far</source>
        <translation>
            <numerusform>已生成 %n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n new token(s) in %1: %2 (decode)</source>
        <translation>
            <numerusform>%1 内生成 %n 个新词元：%2（解码）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; prompt of %n token(s) read in %1</source>
        <translation>
            <numerusform>；%1 内读入 %n 个词元的提示</numerusform>
        </translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>; %1, %2</source>
        <translation>；%1，%2</translation>
    </message>
    <message>
        <source>; model loaded in %1</source>
        <translation>；模型加载用时 %1</translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>Speed figures appear here after a report.</source>
        <translation>生成报告后，速度数据显示在这里。</translation>
    </message>
</context>
<context>
    <name>medawq::ui::XRayPane</name>
    <message>
        <source>Case %1: no image</source>
        <translation>病例 %1：无图像</translation>
    </message>
    <message>
        <source>No case selected</source>
        <translation>未选择病例</translation>
    </message>
    <message>
        <source>This case has no image.</source>
        <translation>此病例没有图像。</translation>
    </message>
    <message>
        <source>Loading %1 …</source>
        <translation>正在加载 %1 …</translation>
    </message>
    <message>
        <source>Previous case</source>
        <translation>上一个病例</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一个病例</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit and reset</source>
        <translation>滚轮：缩放 · 拖动：平移 · 右键拖动：窗宽/窗位 · 双击：适应窗口并复位</translation>
    </message>
</context>
<context>
    <name>medawq::ui::XRayView</name>
    <message>
        <source> · W %1 L %2</source>
        <translation> · 窗宽 %1 窗位 %2</translation>
    </message>
    <message>
        <source> · file&apos;s window</source>
        <translation> · 文件自带窗</translation>
    </message>
</context>
</TS>
