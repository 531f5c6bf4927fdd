/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/at-command-parser.h"
#include "ns3/at-engine.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <random>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A host on the other end of the UART, recording what it receives and when.
class AtEngineTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_uart = CreateObject<UartChannel>();
        m_engine = CreateObject<AtEngine>();
        m_engine->Attach(m_uart);
        m_host.Attach(m_uart);
        m_byte = m_uart->GetByteTime();
        m_proc = MilliSeconds(2);
    }

    void TearDown() override
    {
        m_engine->Dispose();
        Simulator::Destroy();
    }

    /// Type text at a simulated time.
    void TypeAt(Time at, const std::string& text)
    {
        m_host.TypeAt(at, text);
    }

    /// Type text at t=0, run, and return what came back.
    std::string Exchange(const std::string& text)
    {
        TypeAt(Seconds(0), text);
        Simulator::Run();
        return m_host.m_rx;
    }

    Ptr<UartChannel> m_uart;
    Ptr<AtEngine> m_engine;
    test::HostRecorder m_host;
    Time m_byte;
    Time m_proc;
};

TEST_F(AtEngineTest, AnswersAtWithOkAtTheModelledInstant)
{
    EXPECT_EQ(Exchange("AT\r"), "AT\r\r\nOK\r\n");
    ASSERT_EQ(m_host.m_times.size(), 9u);
    // Echo: each byte is echoed as soon as it has arrived, and takes one byte time back.
    EXPECT_EQ(m_host.m_times[0], m_byte * 2);
    EXPECT_EQ(m_host.m_times[2], m_byte * 4);
    // OK: the CR arrived at 3 byte times; the command runs 2 ms later; 6 bytes follow.
    EXPECT_EQ(m_host.m_times[3], m_byte * 3 + m_proc + m_byte);
    EXPECT_EQ(m_host.m_times[8], m_byte * 3 + m_proc + m_byte * 6);
}

TEST_F(AtEngineTest, EchoOffVerboseOffAndQuiet)
{
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT\r");
    TypeAt(Seconds(2), "ATV0\r");
    TypeAt(Seconds(3), "AT\r");
    TypeAt(Seconds(4), "AT+NOSUCH\r");
    TypeAt(Seconds(5), "ATV1Q1\r");
    TypeAt(Seconds(6), "AT\r");
    TypeAt(Seconds(7), "ATQ0\r");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx, "ATE0\r\r\nOK\r\n\r\nOK\r\n0\r0\r4\r\r\nOK\r\n");
}

TEST_F(AtEngineTest, LowerCasePrefixBackspaceAndStrayControlBytes)
{
    m_engine->SetAttribute("ProcessingTime", TimeValue(MilliSeconds(1)));
    TypeAt(Seconds(0), "ate0\r");
    TypeAt(Seconds(1), "ATQ\x08\r"); // backspace erases Q
    TypeAt(Seconds(2),
           "\x1a"
           "AT\r");                // a stray CTRL+Z before a command is ignored
    TypeAt(Seconds(3), "\r\n");    // an empty line gets no answer
    TypeAt(Seconds(4), "At\r");    // the prefix is AT or at only
    TypeAt(Seconds(5), "HELLO\r"); // no prefix at all
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx, "ate0\r\r\nOK\r\n\r\nOK\r\n\r\nOK\r\n\r\nERROR\r\n\r\nERROR\r\n");
}

TEST_F(AtEngineTest, S4FormatsResponsesOnlyAndNeverEatsInput)
{
    // ATS4=65 makes 'A' the response formatting character. V.250 uses S4 only in responses:
    // the next command line keeps its leading A, A/ repeats, and ATS4=10 restores LF.
    m_engine->SetAttribute("ProcessingTime", TimeValue(MilliSeconds(1)));
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "ATS4=65\r");
    TypeAt(Seconds(2), "AT\r");
    TypeAt(Seconds(3), "A/");
    TypeAt(Seconds(4), "ATS4?\r");
    TypeAt(Seconds(5), "ATS4=10\r");
    TypeAt(Seconds(6), "AT\r\n"); // CR LF: the LF after S3 is still not a command
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\rAOK\rA"          // ATS4=65 applies to its own OK
              "\rAOK\rA"          // AT
              "\rAOK\rA"          // A/ repeats AT
              "\rA065\rA\rAOK\rA" // ATS4?
              "\r\nOK\r\n"        // ATS4=10
              "\r\nOK\r\n");      // AT with CR LF
}

TEST_F(AtEngineTest, CmeeModesAndChainedCommands)
{
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT+CMEE=2;+CMEE?\r");
    TypeAt(Seconds(2), "AT+CMEE=?\r");
    TypeAt(Seconds(3), "AT+CMEE=3\r");
    TypeAt(Seconds(4), "AT+CMEE=1;+NOSUCH;+CMEE=0\r"); // stops at the unknown command
    TypeAt(Seconds(5), "AT+CMEE?\r");
    TypeAt(Seconds(6), "AT+CMEE=\"1\"\r"); // a quoted number is not a number
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\r\n+CMEE: 2\r\n\r\nOK\r\n"
              "\r\n+CMEE: (0-2)\r\n\r\nOK\r\n"
              "\r\nERROR\r\n"
              "\r\nERROR\r\n"
              "\r\n+CMEE: 1\r\n\r\nOK\r\n"
              "\r\nERROR\r\n");
}

TEST_F(AtEngineTest, CmeErrorFormsFollowCmee)
{
    m_engine->RegisterCommand("+FAIL",
                              [this](const AtCommand&)
                              {
                                  m_engine->FinishCmeError(405);
                              });
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT+FAIL\r");
    TypeAt(Seconds(2), "AT+CMEE=2;+FAIL\r");
    TypeAt(Seconds(3), "AT+CMEE=0;+FAIL\r");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n\r\n+CME ERROR: 405\r\n\r\n+CME ERROR: file not found\r\n"
              "\r\nERROR\r\n");
}

TEST_F(AtEngineTest, IdentificationAndSRegisters)
{
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "ATI\r");
    TypeAt(Seconds(2), "ATS3?\r");
    TypeAt(Seconds(3), "ATS12=40\r");
    TypeAt(Seconds(4), "ATS12?\r");
    TypeAt(Seconds(5), "ATS99?\r");
    TypeAt(Seconds(6), "AT+GMR\r");
    TypeAt(Seconds(7), "AT&F\r");
    TypeAt(Seconds(8), "AT\r");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\r\nQuectel\r\nBG95-M3\r\nRevision: BG95M3LAR02A03\r\n\r\nOK\r\n"
              "\r\n013\r\n\r\nOK\r\n"
              "\r\nOK\r\n"
              "\r\n040\r\n\r\nOK\r\n"
              "\r\nERROR\r\n"
              "\r\nBG95M3LAR02A03\r\n\r\nOK\r\n"
              "\r\nOK\r\n"
              "AT\r\r\nOK\r\n"); // AT&F turned echo back on
}

TEST_F(AtEngineTest, TooLongLineIsAnErrorAndTheEngineRecovers)
{
    m_engine->SetAttribute("MaxLineLength", UintegerValue(16));
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT" + std::string(40, 'X') + "\r");
    TypeAt(Seconds(2), "AT\r");
    Simulator::Run();
    const std::string tail = m_host.m_rx.substr(m_host.m_rx.size() - 15);
    EXPECT_EQ(tail, "\r\nERROR\r\n\r\nOK\r\n");
}

TEST_F(AtEngineTest, UrcsWaitUntilTheResponseIsComplete)
{
    m_engine->RegisterCommand("+SLOW",
                              [this](const AtCommand&)
                              {
                                  m_engine->SendInfo("+SLOW: started");
                                  Simulator::Schedule(Seconds(1),
                                                      [this]()
                                                      {
                                                          m_engine->SendInfo("+SLOW: done");
                                                          m_engine->FinishOk();
                                                      });
                              });
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT+SLOW\r");
    Simulator::Schedule(Seconds(1.5),
                        [this]()
                        {
                            m_engine->SendUrc("+QIURC: \"recv\",0");
                        });
    Simulator::Schedule(Seconds(3),
                        [this]()
                        {
                            m_engine->SendUrc("+QIURC: \"closed\",0");
                        });
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\r\n+SLOW: started\r\n+SLOW: done\r\n\r\nOK\r\n"
              "\r\n+QIURC: \"recv\",0\r\n"
              "\r\n+QIURC: \"closed\",0\r\n");
}

TEST_F(AtEngineTest, InputTypedWhileBusyIsProcessedAfterwards)
{
    m_engine->RegisterCommand("+SLOW",
                              [this](const AtCommand&)
                              {
                                  Simulator::Schedule(Seconds(1),
                                                      [this]()
                                                      {
                                                          m_engine->FinishOk();
                                                      });
                              });
    TypeAt(Seconds(0), "ATE0\r");
    TypeAt(Seconds(1), "AT+SLOW\r");
    TypeAt(Seconds(1.1), "AT+CMEE?\r");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx, "ATE0\r\r\nOK\r\n\r\nOK\r\n\r\n+CMEE: 1\r\n\r\nOK\r\n");
}

class AtEngineDataTest : public AtEngineTest
{
  protected:
    void SetUp() override
    {
        AtEngineTest::SetUp();
        m_engine->RegisterCommand("+TSEND",
                                  [this](const AtCommand& c)
                                  {
                                      int64_t n = 0;
                                      auto done =
                                          [this](AtEngine::InputEnd end, const std::string& data)
                                      {
                                          m_data.push_back(data);
                                          switch (end)
                                          {
                                              case AtEngine::INPUT_SEND:
                                                  m_engine->FinishResult("SEND OK");
                                                  break;
                                              case AtEngine::INPUT_CANCEL:
                                                  m_engine->FinishError();
                                                  break;
                                              case AtEngine::INPUT_OVERFLOW:
                                                  m_engine->FinishResult("SEND FAIL");
                                                  break;
                                              case AtEngine::INPUT_TIMEOUT:
                                                  m_engine->FinishCmeError(421);
                                                  break;
                                          }
                                      };
                                      if (c.GetParameter(0).IsOmitted())
                                      {
                                          m_engine->BeginPromptInput(8, done);
                                      }
                                      else if (c.GetParameter(0).GetInteger(n, 1, 100))
                                      {
                                          m_engine->BeginFixedInput(static_cast<uint32_t>(n), done);
                                      }
                                      else
                                      {
                                          m_engine->FinishError();
                                      }
                                  });
        m_engine->RegisterCommand("+TUPL",
                                  [this](const AtCommand&)
                                  {
                                      m_engine->BeginUpload(
                                          5,
                                          Seconds(5),
                                          [this](AtEngine::InputEnd end, const std::string& d)
                                          {
                                              m_data.push_back(d);
                                              if (end == AtEngine::INPUT_SEND)
                                              {
                                                  m_engine->SendInfo("+TUPL: " +
                                                                     std::to_string(d.size()));
                                                  m_engine->FinishOk();
                                              }
                                              else
                                              {
                                                  m_engine->FinishCmeError(421);
                                              }
                                          });
                                  });
        m_engine->RegisterCommand("+TOPEN",
                                  [this](const AtCommand&)
                                  {
                                      StartTransparent();
                                  });
        m_engine->SetOnlineHandler(
            [this]()
            {
                if (!m_connected)
                {
                    return false;
                }
                StartTransparent();
                return true;
            });
        TypeAt(Seconds(0), "ATE0\r");
    }

    void StartTransparent()
    {
        m_connected = true;
        AtEngine::TransparentHooks hooks;
        hooks.toNetwork = [this](const std::string& bytes)
        {
            m_network += bytes;
        };
        hooks.onEscape = [this]()
        {
            ++m_escapes;
        };
        m_engine->BeginTransparent(hooks);
    }

    std::vector<std::string> m_data;
    std::string m_network;
    int m_escapes{0};
    bool m_connected{false};
};

TEST_F(AtEngineDataTest, PromptInputEndsWithCtrlZOrEsc)
{
    TypeAt(Seconds(1), "AT+TSEND\r");
    TypeAt(Seconds(2), "hello\x1a");
    TypeAt(Seconds(3), "AT+TSEND\r");
    TypeAt(Seconds(4), "bye\x1b");
    TypeAt(Seconds(5), "AT+TSEND\r");
    TypeAt(Seconds(6), "0123456789\x1a"); // longer than the 8-byte maximum
    Simulator::Run();
    ASSERT_EQ(m_data.size(), 3u);
    EXPECT_EQ(m_data[0], "hello");
    EXPECT_EQ(m_data[1], "bye");
    EXPECT_EQ(m_data[2], "01234567");
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\r\n> \r\nSEND OK\r\n"
              "\r\n> \r\nERROR\r\n"
              "\r\n> \r\nSEND FAIL\r\n");
}

TEST_F(AtEngineDataTest, FixedLengthInputTakesControlBytesAsData)
{
    TypeAt(Seconds(1), "AT+TSEND=4\r");
    TypeAt(Seconds(2),
           "a\x1a\x1b"
           "b");
    TypeAt(Seconds(3), "\x1a"); // a driver's stray CTRL+Z after fixed-length data
    TypeAt(Seconds(4), "AT\r");
    Simulator::Run();
    ASSERT_EQ(m_data.size(), 1u);
    EXPECT_EQ(m_data[0],
              std::string("a\x1a\x1b"
                          "b"));
    EXPECT_EQ(m_host.m_rx, "ATE0\r\r\nOK\r\n\r\n> \r\nSEND OK\r\n\r\nOK\r\n");
}

TEST_F(AtEngineDataTest, DataTypedBeforeThePromptIsKept)
{
    // bg9x_ssl_zephyr does not wait for '>': it sleeps 150 ms and writes.
    m_engine->RegisterCommand(
        "+TSLOW",
        [this](const AtCommand&)
        {
            m_engine->BeginFixedInput(3,
                                      [this](AtEngine::InputEnd, const std::string& d)
                                      {
                                          m_data.push_back(d);
                                          m_engine->FinishResult("SEND OK");
                                      });
        },
        MilliSeconds(300));
    TypeAt(Seconds(1), "AT+TSLOW\r");
    TypeAt(Seconds(1.15), "xyz");
    Simulator::Run();
    ASSERT_EQ(m_data.size(), 1u);
    EXPECT_EQ(m_data[0], "xyz");
}

/// Types `text` one byte every `gap` from `at` (gap 0: at the UART's own rate).
void
TypeBytes(test::HostRecorder& host, Time at, const std::string& text, Time gap)
{
    if (gap.IsZero())
    {
        host.TypeAt(at, text);
        return;
    }
    for (size_t i = 0; i < text.size(); ++i)
    {
        host.TypeAt(at + gap * static_cast<int64_t>(i), text.substr(i, 1));
    }
}

TEST_F(AtEngineDataTest, TheLfOfCrLfIsNeverDataInAnyInputMode)
{
    // V.250 5.2.1: the line ends at S3; the LF that follows is not data, whether the driver
    // writes the line at once or byte by byte (500 us apart, before the prompt). With CR alone,
    // nothing is dropped. Each case runs in its own simulation.
    struct Mode
    {
        std::string command;
        std::string data; //!< what the host sends after the prompt
        std::string expect;
    };

    const std::vector<Mode> modes = {{"AT+TSEND", "hello\x1a", "hello"},
                                     {"AT+TSEND=5", "hello", "hello"},
                                     {"AT+TUPL", "hello", "hello"},
                                     {"AT+TOPEN", "hello", "hello"}};
    for (const Mode& mode : modes)
    {
        for (const std::string ending : {"\r\n", "\r"})
        {
            for (Time gap : {Time(0), MicroSeconds(500)})
            {
                TearDown();
                m_host.Take();
                m_host.m_times.clear();
                m_connected = false;
                SetUp();
                TypeBytes(m_host, Seconds(1), mode.command + ending, gap);
                TypeBytes(m_host, Seconds(2), mode.data, gap);
                Simulator::Stop(Seconds(20));
                Simulator::Run();
                const std::string got =
                    mode.command == "AT+TOPEN" ? m_network : (m_data.empty() ? "" : m_data[0]);
                const std::string what = mode.command + (ending.size() == 2 ? " CR LF" : " CR") +
                                         (gap.IsZero() ? " burst" : " paced");
                EXPECT_EQ(got, mode.expect) << what;
                m_data.clear();
                m_network.clear();
            }
        }
    }
}

TEST_F(AtEngineDataTest, AnLfSentAfterThePromptIsData)
{
    // A host that ends its command with CR alone and waits for the prompt: a payload that starts
    // with LF keeps it (binary data), and so does a slow host's LF that follows a CR LF line's
    // prompt by more than a byte time.
    TypeAt(Seconds(1), "AT+TSEND=3\r");
    TypeAt(Seconds(2), "\nab");
    Simulator::Run();
    ASSERT_EQ(m_data.size(), 1u);
    EXPECT_EQ(m_data[0], "\nab");
}

TEST_F(AtEngineDataTest, TheLfOfCrLfIsEchoedWithTheCommandLine)
{
    TypeAt(Seconds(0.5), "ATE1\r");
    TypeAt(Seconds(1), "AT+TSEND=2\r\n");
    TypeAt(Seconds(2), "ab");
    TypeAt(Seconds(3), "AT\r\n");
    Simulator::Run();
    ASSERT_EQ(m_data.size(), 1u);
    EXPECT_EQ(m_data[0], "ab");
    // The command line's CR LF is echoed before the prompt; the data after it.
    EXPECT_NE(m_host.m_rx.find("AT+TSEND=2\r\n\r\n> ab"), std::string::npos) << m_host.m_rx;
}

TEST_F(AtEngineDataTest, HostThatStopsMidInputIsTimedOut)
{
    m_engine->SetAttribute("DataInputTimeout", TimeValue(Seconds(10)));
    TypeAt(Seconds(1), "AT+TSEND=10\r");
    TypeAt(Seconds(2), "abc");
    TypeAt(Seconds(30), "AT\r");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx, "ATE0\r\r\nOK\r\n\r\n> \r\n+CME ERROR: 421\r\n\r\nOK\r\n");
    // Timed out 10 s after the last data byte.
    const Time lastData = Seconds(2) + m_byte * 3;
    const size_t errorStart = m_host.m_rx.find("+CME") - 2;
    EXPECT_EQ(m_host.m_times[errorStart], lastData + Seconds(10) + m_byte);
}

TEST_F(AtEngineDataTest, UploadAfterConnectAndItsTimeout)
{
    TypeAt(Seconds(1), "AT+TUPL\r");
    TypeAt(Seconds(2), "12345");
    TypeAt(Seconds(3), "AT+TUPL\r");
    TypeAt(Seconds(4), "12");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n"
              "\r\nCONNECT\r\n\r\n+TUPL: 5\r\n\r\nOK\r\n"
              "\r\nCONNECT\r\n\r\n+CME ERROR: 421\r\n");
}

TEST_F(AtEngineDataTest, TransparentModeEscapeNeedsGuardTimes)
{
    TypeAt(Seconds(1), "AT+TOPEN\r");
    TypeAt(Seconds(2), "data+++more"); // +++ inside data is data
    TypeAt(Seconds(4), "+++");         // 2 s of silence before: an escape candidate...
    TypeAt(Seconds(4.5), "x");         // ...but data follows within 1 s: it was data
    TypeAt(Seconds(7), "+++");         // silence before and after: escape
    Simulator::Run();
    EXPECT_EQ(m_network, "data+++more+++x");
    EXPECT_EQ(m_escapes, 1);
    EXPECT_EQ(m_host.m_rx, "ATE0\r\r\nOK\r\n\r\nCONNECT\r\n\r\nOK\r\n");
    // OK leaves 1 s after the third '+' arrived.
    const size_t okStart = m_host.m_rx.rfind("\r\nOK");
    EXPECT_EQ(m_host.m_times[okStart], Seconds(7) + m_byte * 3 + Seconds(1) + m_byte);
}

TEST_F(AtEngineDataTest, SlowPlusesAreData)
{
    TypeAt(Seconds(1), "AT+TOPEN\r");
    TypeAt(Seconds(3), "+");
    TypeAt(Seconds(3.7), "+");
    TypeAt(Seconds(4.4), "+"); // the three pluses took more than 1 s
    TypeAt(Seconds(8), "AT\r");
    Simulator::Run();
    EXPECT_EQ(m_network, "+++AT\r");
    EXPECT_EQ(m_escapes, 0);
}

TEST_F(AtEngineDataTest, DtrLowToHighLeavesTransparentModeWithAndD1)
{
    Simulator::Schedule(Seconds(0.5),
                        [this]()
                        {
                            m_uart->SetDtrLevel(false);
                        });
    TypeAt(Seconds(1), "AT&D1\r");
    TypeAt(Seconds(2), "AT+TOPEN\r");
    TypeAt(Seconds(3), "abc");
    Simulator::Schedule(Seconds(3.5),
                        [this]()
                        {
                            m_uart->SetDtrLevel(true);
                        });
    TypeAt(Seconds(4), "ATO\r"); // back to the connection
    TypeAt(Seconds(5), "def");
    Simulator::Schedule(Seconds(6),
                        [this]()
                        {
                            m_engine->EndTransparentNoCarrier();
                        });
    TypeAt(Seconds(7), "ATO\r");
    Simulator::Schedule(Seconds(6.5),
                        [this]()
                        {
                            m_connected = false;
                        });
    Simulator::Run();
    EXPECT_EQ(m_network, "abcdef");
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n\r\nOK\r\n\r\nCONNECT\r\n\r\nOK\r\n"
              "\r\nCONNECT\r\n\r\nNO CARRIER\r\n"
              "\r\nNO CARRIER\r\n");
}

TEST_F(AtEngineDataTest, UrcsAreHeldDuringTransparentMode)
{
    TypeAt(Seconds(1), "AT+TOPEN\r");
    Simulator::Schedule(Seconds(2),
                        [this]()
                        {
                            m_engine->TransparentOutput("from-peer");
                            m_engine->SendUrc("+QIURC: \"pdpdeact\",1");
                        });
    TypeAt(Seconds(4), "+++");
    Simulator::Run();
    EXPECT_EQ(m_host.m_rx,
              "ATE0\r\r\nOK\r\n\r\nCONNECT\r\nfrom-peer\r\nOK\r\n\r\n+QIURC: \"pdpdeact\",1\r\n");
}

TEST_F(AtEngineTest, DataModeStateGraphIsClosed)
{
    const auto& table = AtEngine::GetTransitionTable();
    EXPECT_TRUE(table.AllReachableAndReturnable(AtEngine::COMMAND));
    EXPECT_TRUE(table.IsAllowed(AtEngine::EXECUTING, AtEngine::TRANSPARENT));
    EXPECT_FALSE(table.IsAllowed(AtEngine::COMMAND, AtEngine::TRANSPARENT));
    EXPECT_FALSE(table.IsAllowed(AtEngine::PROMPT_INPUT, AtEngine::COMMAND));
}

TEST_F(AtEngineTest, StateTransitionTraceFollowsTheTable)
{
    std::vector<std::pair<AtEngine::State, AtEngine::State>> seen;
    m_engine->TraceConnectWithoutContext(
        "StateTransition",
        MakeBoundCallback(
            +[](std::vector<std::pair<AtEngine::State, AtEngine::State>>* v,
                AtEngine::State a,
                AtEngine::State b)
            {
                v->emplace_back(a, b);
            },
            &seen));
    Exchange("AT\r");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].first, AtEngine::COMMAND);
    EXPECT_EQ(seen[0].second, AtEngine::EXECUTING);
    EXPECT_EQ(seen[1].second, AtEngine::COMMAND);
    for (const auto& [from, to] : seen)
    {
        EXPECT_TRUE(AtEngine::GetTransitionTable().IsAllowed(from, to));
    }
}

TEST(AtCommandParserTest, SplitsCommandsAndParameters)
{
    std::vector<AtCommand> c;
    std::string error;
    ASSERT_TRUE(AtCommandParser::Parse("+QSSLCFG=\"ciphersuite\",0,0X0035", c, error));
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].GetName(), "+QSSLCFG");
    EXPECT_EQ(c[0].GetForm(), AtCommand::WRITE);
    ASSERT_EQ(c[0].GetParameterCount(), 3u);
    EXPECT_TRUE(c[0].GetParameter(0).IsString());
    uint32_t hex = 0;
    EXPECT_TRUE(c[0].GetParameter(2).GetHex(hex, 0xFFFF));
    EXPECT_EQ(hex, 0x35u);

    ASSERT_TRUE(AtCommandParser::Parse("+QSSLOPEN=1,1,4,\"host\",443,,0", c, error));
    EXPECT_EQ(c[0].GetParameterCount(), 7u);
    EXPECT_TRUE(c[0].GetParameter(5).IsOmitted());

    ASSERT_TRUE(AtCommandParser::Parse("E0V1&D1S3?;+qiact?;+QICSGP=?", c, error));
    ASSERT_EQ(c.size(), 6u);
    EXPECT_EQ(c[2].GetName(), "&D");
    EXPECT_EQ(c[2].GetBasicValue(), 1);
    EXPECT_EQ(c[3].GetName(), "S");
    EXPECT_EQ(c[3].GetForm(), AtCommand::READ);
    EXPECT_EQ(c[4].GetName(), "+QIACT");
    EXPECT_EQ(c[4].GetForm(), AtCommand::READ);
    EXPECT_EQ(c[5].GetForm(), AtCommand::TEST);

    ASSERT_TRUE(AtCommandParser::Parse("+X=1,", c, error));
    EXPECT_EQ(c[0].GetParameterCount(), 2u);
    ASSERT_TRUE(AtCommandParser::Parse("+X = 1 , \"a b\"", c, error));
    EXPECT_EQ(c[0].GetParameter(1).GetText(), "a b");
}

TEST(AtCommandParserTest, RejectsMalformedLines)
{
    std::vector<AtCommand> c;
    std::string error;
    for (const char* bad : {"+", "+X=\"open", "+X=\"a\"b", "+X?junk", "&", "S", "#", "+X=a\"b"})
    {
        EXPECT_FALSE(AtCommandParser::Parse(bad, c, error)) << bad;
    }
    uint32_t hex = 0;
    ASSERT_TRUE(AtCommandParser::Parse("+X=\"0X0035\",0XFFFFF,0xffff", c, error));
    EXPECT_FALSE(c[0].GetParameter(0).GetHex(hex, 0xFFFF)); // quoted
    EXPECT_FALSE(c[0].GetParameter(1).GetHex(hex, 0xFFFF)); // too large
    EXPECT_TRUE(c[0].GetParameter(2).GetHex(hex, 0xFFFF));
}

TEST_F(AtEngineTest, FuzzedLinesNeverBreakTheEngine)
{
    m_engine->SetAttribute("MaxLineLength", UintegerValue(64));
    std::mt19937 rng(20261122);
    const std::string alphabet = "AT+QSLCFGIO=?,;\"0123456789XE&DVSZ \x08\x1a\x1b\r\nat";
    const std::vector<std::string> seeds = {"AT+QSSLCFG=\"sslversion\",1,1\r",
                                            "AT+CMEE=2;+CMEE?\r",
                                            "ATE0V1S3?\r",
                                            "AT+IPR=?\r",
                                            "ATS5=8\r"};
    std::string script;
    for (int i = 0; i < 6000; ++i)
    {
        std::string line;
        if (i % 2 == 0)
        {
            line = seeds[rng() % seeds.size()];
            const int mutations = 1 + rng() % 4;
            for (int m = 0; m < mutations; ++m)
            {
                const size_t pos = rng() % line.size();
                switch (rng() % 3)
                {
                    case 0:
                        line[pos] = alphabet[rng() % alphabet.size()];
                        break;
                    case 1:
                        line.insert(pos, 1, static_cast<char>(rng() % 256));
                        break;
                    default:
                        line.erase(pos, 1);
                }
            }
        }
        else
        {
            const size_t len = rng() % 90;
            for (size_t k = 0; k < len; ++k)
            {
                line.push_back(rng() % 4 ? alphabet[rng() % alphabet.size()]
                                         : static_cast<char>(rng() % 256));
            }
        }
        script += line + "\r";
    }
    // No data-mode commands are registered, so every line ends in command mode again.
    m_uart->SetAttribute("BaudRate", UintegerValue(921600));
    TypeAt(Seconds(0), script);
    TypeAt(Seconds(100000), "\rATE1V1Q0\rAT\r");
    Simulator::Run();
    ASSERT_GE(m_host.m_rx.size(), 6u);
    EXPECT_EQ(m_host.m_rx.substr(m_host.m_rx.size() - 6), "\r\nOK\r\n");
    EXPECT_EQ(m_engine->GetState(), AtEngine::COMMAND);
}

} // namespace
