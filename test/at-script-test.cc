/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/at-engine.h"
#include "ns3/at-script-runner.h"
#include "ns3/at-script.h"
#include "ns3/at-transcript.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

bool
ParseScript(const std::string& text, AtScript& script, std::string& error)
{
    std::istringstream in(text);
    return script.Parse(in, ".", error);
}

TEST(AtScriptTest, ParsesEveryKindOfLine)
{
    const std::string path = "at-script-test-upload.bin";
    {
        std::ofstream f(path, std::ios::binary);
        f << "PEM\x01";
    }
    AtScript script;
    std::string error;
    ASSERT_TRUE(ParseScript("AT+QIACT=1\n"
                            "@# a comment\n"
                            "@data hello\\x1A\\r\\n\\\\\n"
                            "@file " +
                                path +
                                "\n"
                                "@wait +QIOPEN: 0,0 30\n"
                                "@wait SEND OK\n"
                                "@sleep 1.5\n"
                                "@dtr high\n"
                                "\n",
                            script,
                            error))
        << error;
    std::remove(path.c_str());
    const auto& s = script.GetSteps();
    ASSERT_EQ(s.size(), 8u);
    EXPECT_EQ(s[0].kind, AtScript::COMMAND);
    EXPECT_EQ(s[0].bytes, "AT+QIACT=1\r");
    EXPECT_EQ(s[1].kind, AtScript::DATA);
    EXPECT_EQ(s[1].bytes, std::string("hello\x1A\r\n\\"));
    EXPECT_EQ(s[2].bytes, std::string("PEM\x01"));
    EXPECT_EQ(s[3].kind, AtScript::WAIT);
    EXPECT_EQ(s[3].bytes, "+QIOPEN: 0,0");
    EXPECT_DOUBLE_EQ(s[3].seconds, 30);
    EXPECT_EQ(s[4].bytes, "SEND OK");
    EXPECT_DOUBLE_EQ(s[4].seconds, AtScript::DEFAULT_WAIT_TIMEOUT);
    EXPECT_EQ(s[5].kind, AtScript::SLEEP);
    EXPECT_DOUBLE_EQ(s[5].seconds, 1.5);
    EXPECT_EQ(s[6].kind, AtScript::DTR);
    EXPECT_TRUE(s[6].high);
    EXPECT_EQ(s[7].bytes, "\r"); // a blank line sends a lone CR
    EXPECT_EQ(s[7].line, 9u);
}

TEST(AtScriptTest, BadLinesGetAClearErrorWithTheLineNumber)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"AT\n@data \\q\n", "line 2: @data: unknown escape \\q"},
        {"@data \\x4\n", "line 1: @data: \\x needs two hex digits"},
        {"@data\n", "line 1: @data needs bytes to send"},
        {"@file /no/such/file\n", "line 1: @file: cannot read \"/no/such/file\""},
        {"@wait\n", "line 1: @wait needs the text to wait for"},
        {"@sleep -1\n", "line 1: @sleep needs a number of seconds >= 0, got \"-1\""},
        {"@sleep soon\n", "line 1: @sleep needs a number of seconds >= 0, got \"soon\""},
        {"@dtr up\n", "line 1: @dtr takes high or low, got \"up\""},
        {"@send AT\n", "line 1: unknown directive @send (known: @data @file @wait @sleep @dtr @#)"},
    };
    for (const auto& [text, expected] : cases)
    {
        AtScript script;
        std::string error;
        EXPECT_FALSE(ParseScript(text, script, error)) << text;
        EXPECT_EQ(error, expected);
    }
}

TEST(AtTranscriptTest, FormatsParsesAndEscapes)
{
    EXPECT_EQ(AtTranscript::FormatTime(NanoSeconds(12000260418LL)), "12.000260418");
    EXPECT_EQ(AtTranscript::FormatTime(Seconds(0)), "0.000000000");
    EXPECT_EQ(AtTranscript::Escape(std::string("a\x1A\\\xff b", 6)), "a\\x1A\\x5C\\xFF b");
    AtTranscript::Line line;
    ASSERT_TRUE(AtTranscript::Parse("1.500000000 < +QIOPEN: 0,0", line));
    EXPECT_EQ(line.time, MilliSeconds(1500));
    EXPECT_EQ(line.direction, AtTranscript::MODULE_TO_HOST);
    EXPECT_EQ(line.text, "+QIOPEN: 0,0");
    EXPECT_FALSE(AtTranscript::Parse("1.5 < OK", line));
    EXPECT_FALSE(AtTranscript::Parse("1.500000000 = OK", line));
    EXPECT_FALSE(AtTranscript::Parse("garbage", line));
}

TEST(AtTranscriptTest, DataBytesShowTheirCrAndLf)
{
    // A command line's CR LF frames it; in a payload the same bytes are data and show.
    AtTranscript t;
    for (char c : std::string("AT+QSSLSEND=0,6\r\n"))
    {
        t.AddByte(AtTranscript::HOST_TO_MODULE, static_cast<uint8_t>(c));
    }
    for (char c : std::string("\nab\r\ncd"))
    {
        t.AddDataByte(AtTranscript::HOST_TO_MODULE, static_cast<uint8_t>(c));
    }
    t.Flush(AtTranscript::HOST_TO_MODULE);
    std::vector<std::string> texts;
    for (const auto& line : t.GetLines())
    {
        texts.push_back(line.text);
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"AT+QSSLSEND=0,6", "\\x0A", "ab\\x0D\\x0A", "cd"}));
    Simulator::Destroy();
}

/// A runner playing against a bare AT engine (no dialect): the console's host side.
class AtScriptRunnerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_uart = CreateObject<UartChannel>();
        m_engine = CreateObject<AtEngine>();
        m_engine->Attach(m_uart);
        m_runner = CreateObject<AtScriptRunner>();
        m_runner->SetUart(m_uart);
        m_runner->SetFinishedCallback(
            [this](bool ok, const std::string& message)
            {
                m_ok = ok;
                m_message = message;
                Simulator::Stop();
            });
    }

    void TearDown() override
    {
        m_runner->Dispose();
        m_engine->Dispose();
        Simulator::Destroy();
    }

    std::string Play(const std::string& text)
    {
        AtScript script;
        std::string error;
        std::istringstream in(text);
        EXPECT_TRUE(script.Parse(in, ".", error)) << error;
        m_runner->SetScript(script);
        m_runner->Start(Seconds(0));
        Simulator::Run();
        std::string out;
        for (const auto& line : m_runner->GetTranscript().GetLines())
        {
            out += AtTranscript::Format(line) + "\n";
        }
        return out;
    }

    Ptr<UartChannel> m_uart;
    Ptr<AtEngine> m_engine;
    Ptr<AtScriptRunner> m_runner;
    bool m_ok{false};
    std::string m_message;
};

TEST_F(AtScriptRunnerTest, WaitsForEachFinalResultAndTimesEveryLine)
{
    const std::string out = Play("AT\nATE0\nAT+CMEE?\n");
    EXPECT_TRUE(m_ok) << m_message;
    // 115200 8N1: one byte takes 86806 ns; commands run 2 ms after their CR arrived.
    // A line's time is the arrival of its CR; the host types the next line at once.
    EXPECT_EQ(out,
              "0.000260418 > AT\n"   // 3 bytes
              "0.000347224 < AT\n"   // the echoed CR arrives one byte later
              "0.002694448 < OK\n"   // CR at 3 bytes, +2 ms, CR of CR LF O K CR: 5 bytes
              "0.003128478 > ATE0\n" // 5 bytes after that
              "0.003215284 < ATE0\n"
              "0.005562508 < OK\n"
              "0.006343762 > AT+CMEE?\n" // 9 bytes
              "0.009298628 < +CMEE: 1\n" // 2 ms, then CR LF +CMEE: 1 CR: 11 bytes
              "0.009819464 < OK\n");     // LF, then CR LF O K CR: 6 bytes
}

// Under ATV0 an upload's CONNECT is the numeric 1: the runner goes online and sends the next
// line as data (no CR), and leaves data mode at the numeric OK.
TEST_F(AtScriptRunnerTest, NumericConnectUnderV0OpensTheDataMode)
{
    std::string uploaded;
    m_engine->RegisterCommand("+TUPL",
                              [this, &uploaded](const AtCommand&)
                              {
                                  m_engine->BeginUpload(
                                      5,
                                      Seconds(5),
                                      [this, &uploaded](AtEngine::InputEnd, const std::string& d)
                                      {
                                          uploaded = d;
                                          // The module stores the file for 30 s before its OK.
                                          Simulator::Schedule(Seconds(30),
                                                              [this]()
                                                              {
                                                                  m_engine->FinishOk();
                                                              });
                                      });
                              });
    const std::string out = Play("ATE0V0\nAT+TUPL\nHELLO\nAT\n");
    EXPECT_TRUE(m_ok) << m_message;
    EXPECT_EQ(uploaded, "HELLO");
    // Online, the data line waits for no final result: the next command is typed at once,
    // well before the upload's OK (30 s later), not after it.
    const size_t at = out.find(" > AT\n");
    ASSERT_NE(at, std::string::npos) << out;
    const size_t begin = out.rfind('\n', at) + 1;
    EXPECT_LT(std::stod(out.substr(begin, at - begin)), 1.0) << out;
}

// ATE0V0: a failed prompt command answers "> " and then its result with no CR LF before it.
// The runner reads the result on its own, not as "> 4", and the script goes on.
TEST_F(AtScriptRunnerTest, ResultRightAfterAPromptUnderE0V0IsRead)
{
    m_engine->RegisterCommand("+TSEND",
                              [this](const AtCommand&)
                              {
                                  m_engine->BeginPromptInput(
                                      8,
                                      [this](AtEngine::InputEnd, const std::string&)
                                      {
                                          m_engine->FinishCmeError(50);
                                      });
                              });
    Play("ATE0V0\nAT+TSEND\n@data \\x1B\nAT\n");
    EXPECT_TRUE(m_ok) << m_message;
    EXPECT_LT(Simulator::Now(), Seconds(1));
}

TEST_F(AtScriptRunnerTest, WaitTimeoutFailsWithTheScriptLine)
{
    Play("ATE0\n@wait +QIOPEN: 0,0 5\n");
    EXPECT_FALSE(m_ok);
    EXPECT_EQ(m_message, "script line 2: @wait \"+QIOPEN: 0,0\" timed out after 5.000000 s");
    // The wait began when OK's CR arrived: ATE0 CR (5 bytes) + 2 ms + 5 bytes.
    EXPECT_EQ(Simulator::Now(), Seconds(5) + NanoSeconds(86806 * 10) + MilliSeconds(2));
}

TEST_F(AtScriptRunnerTest, GoldenTranscriptComparisonReportsTheFirstDifference)
{
    Play("ATE0\nAT\n");
    ASSERT_TRUE(m_ok);
    const auto& transcript = m_runner->GetTranscript();
    std::string report;
    std::stringstream same;
    for (const auto& line : transcript.GetLines())
    {
        same << AtTranscript::Format(line) << "\n";
    }
    EXPECT_TRUE(transcript.Matches(same, Seconds(0), report)) << report;

    std::istringstream shifted("0.000434031 > ATE0\n");
    EXPECT_FALSE(transcript.Matches(shifted, Seconds(0), report));
    EXPECT_NE(report.find("first difference at golden line 1"), std::string::npos) << report;
    std::istringstream shiftedOk("# a comment\n0.000434031 > ATE0\n");
    EXPECT_FALSE(transcript.Matches(shiftedOk, NanoSeconds(1), report)); // lines missing
    EXPECT_NE(report.find("more lines"), std::string::npos) << report;

    std::istringstream different("0.000434030 > ATE1\n");
    EXPECT_FALSE(transcript.Matches(different, Seconds(1), report));
    EXPECT_EQ(report,
              "first difference at golden line 1\n  expected: 0.000434030 > ATE1\n"
              "  actual:   0.000434030 > ATE0");
}

} // namespace
