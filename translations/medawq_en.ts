<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ExperimentReport</name>
    <message numerus="yes">
        <source>%n case(s), largest drop of %1 first. Struck through: words of %2 that %3 lost; underlined: words %3 added.</source>
        <translation>
            <numerusform>%n case, largest drop of %1 first. Struck through: words of %2 that %3 lost; underlined: words %3 added.</numerusform>
            <numerusform>%n cases, largest drop of %1 first. Struck through: words of %2 that %3 lost; underlined: words %3 added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::CalibrationPanel</name>
    <message numerus="yes">
        <source>(%n more warning(s))</source>
        <translation>
            <numerusform>(%n more warning)</numerusform>
            <numerusform>(%n more warnings)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) used, %1 to %2 tokens each (mean %3).</source>
        <translation>
            <numerusform>%n text used, %1 to %2 tokens (mean %3).</numerusform>
            <numerusform>%n texts used, %1 to %2 tokens each (mean %3).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) of %1 tokens: %2 tokens go through the model, %3 tokens left over.</source>
        <translation>
            <numerusform>%n block of %1 tokens: %2 tokens go through the model, %3 tokens left over.</numerusform>
            <numerusform>%n blocks of %1 tokens: %2 tokens go through the model, %3 tokens left over.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) longer than %1 tokens cut to that length.</source>
        <translation>
            <numerusform>%n text longer than %1 tokens cut to that length.</numerusform>
            <numerusform>%n texts longer than %1 tokens cut to that length.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) longer than %1 tokens left out (autoawq preset).</source>
        <translation>
            <numerusform>%n text longer than %1 tokens left out (autoawq preset).</numerusform>
            <numerusform>%n texts longer than %1 tokens left out (autoawq preset).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Preview: the first %n row(s);</source>
        <translation>
            <numerusform>Preview: the first %n row;</numerusform>
            <numerusform>Preview: the first %n rows;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n column(s).</source>
        <translation>
            <numerusform>%n column.</numerusform>
            <numerusform>%n columns.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::EvaluatePanel</name>
    <message numerus="yes">
        <source>Evaluating %n model(s) on %1…</source>
        <translation>
            <numerusform>Evaluating %n model on %1…</numerusform>
            <numerusform>Evaluating %n models on %1…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::ResultsPanel</name>
    <message numerus="yes">
        <source>%n finding(s) differ</source>
        <translation>
            <numerusform>%n finding differs</numerusform>
            <numerusform>%n findings differ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s)</source>
        <translation>
            <numerusform>%1 of %n case</numerusform>
            <numerusform>%1 of %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %n case(s) · created %3</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %2 · %n case · created %3</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %2 · %n cases · created %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::RunsPanel</name>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%n run in %1</numerusform>
            <numerusform>%n runs in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) in %2 shown (filter)</source>
        <translation>
            <numerusform>%1 of %n run in %2 shown (filter)</numerusform>
            <numerusform>%1 of %n runs in %2 shown (filter)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluation of %1 on %n case(s), in %2</source>
        <translation>
            <numerusform>Evaluation of %1 on %n case, in %2</numerusform>
            <numerusform>Evaluation of %1 on %n cases, in %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medawq::ui::TestPanel</name>
    <message numerus="yes">
        <source>%n token(s) so far</source>
        <translation>
            <numerusform>%n token so far</numerusform>
            <numerusform>%n tokens so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new token(s) in %1: %2 (decode)</source>
        <translation>
            <numerusform>%n new token in %1: %2 (decode)</numerusform>
            <numerusform>%n new tokens in %1: %2 (decode)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; prompt of %n token(s) read in %1</source>
        <translation>
            <numerusform>; prompt of %n token read in %1</numerusform>
            <numerusform>; prompt of %n tokens read in %1</numerusform>
        </translation>
    </message>
</context>
</TS>
