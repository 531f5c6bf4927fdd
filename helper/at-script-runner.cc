/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-script-runner.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaAtScriptRunner");
NS_OBJECT_ENSURE_REGISTERED(AtScriptRunner);

TypeId
AtScriptRunner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::AtScriptRunner")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<AtScriptRunner>()
            .AddAttribute("CommandTimeout",
                          "How long the host waits for a command line's final result code.",
                          TimeValue(Seconds(600)),
                          MakeTimeAccessor(&AtScriptRunner::m_commandTimeout),
                          MakeTimeChecker(MilliSeconds(1)));
    return tid;
}

AtScriptRunner::AtScriptRunner() = default;

AtScriptRunner::~AtScriptRunner() = default;

void
AtScriptRunner::DoDispose()
{
    m_timeout.Cancel();
    m_next.Cancel();
    m_uart = nullptr;
    m_finished = nullptr;
    Object::DoDispose();
}

void
AtScriptRunner::SetUart(Ptr<UartChannel> uart)
{
    m_uart = uart;
    m_uart->SetReceiveCallback(UartChannel::HOST,
                               MakeCallback(&AtScriptRunner::ByteReceived, this));
    m_uart->TraceConnectWithoutContext("HostToModule",
                                       MakeCallback(&AtScriptRunner::ByteDelivered, this));
}

void
AtScriptRunner::SetScript(const AtScript& script)
{
    m_script = script;
}

void
AtScriptRunner::SetFinishedCallback(FinishedCallback done)
{
    m_finished = std::move(done);
}

void
AtScriptRunner::Start(Time at)
{
    if (!m_uart)
    {
        NS_FATAL_ERROR("AtScriptRunner::Start: no UART set (call SetUart first)");
    }
    m_next = Simulator::Schedule(at, &AtScriptRunner::NextStep, this);
}

const AtTranscript&
AtScriptRunner::GetTranscript() const
{
    return m_transcript;
}

void
AtScriptRunner::FlushTranscript()
{
    m_transcript.Flush(AtTranscript::HOST_TO_MODULE);
    m_transcript.Flush(AtTranscript::MODULE_TO_HOST);
}

bool
AtScriptRunner::IsFinished() const
{
    return m_waiting == DONE;
}

void
AtScriptRunner::NextStep()
{
    if (m_waiting == DONE)
    {
        return;
    }
    if (m_index >= m_script.GetSteps().size())
    {
        Finish();
        return;
    }
    const AtScript::Step& step = m_script.GetSteps()[m_index++];
    m_currentLine = step.line;
    m_waiting = NOTHING;
    switch (step.kind)
    {
        case AtScript::COMMAND:
            Send(step.bytes, !m_online);
            break;
        case AtScript::DATA:
            Send(step.bytes, false);
            // The transcript shows the payload's CR and LF as bytes (\x0D, \x0A).
            m_dataFrom = m_sentTarget - step.bytes.size();
            break;
        case AtScript::WAIT:
            m_waiting = TEXT;
            m_waitText = step.bytes;
            m_timeout =
                Simulator::Schedule(Seconds(step.seconds),
                                    [this, step]()
                                    {
                                        Fail("@wait \"" + step.bytes + "\" timed out after " +
                                             std::to_string(step.seconds) + " s");
                                    });
            CheckWait();
            break;
        case AtScript::SLEEP:
            m_waiting = SLEEPING;
            m_next = Simulator::Schedule(Seconds(step.seconds), &AtScriptRunner::NextStep, this);
            break;
        case AtScript::DTR:
            m_uart->SetDtrLevel(step.high);
            m_next = Simulator::ScheduleNow(&AtScriptRunner::NextStep, this);
            break;
    }
}

void
AtScriptRunner::Send(const std::string& bytes, bool waitForFinal)
{
    // A prompt or other partial line from the module ends where the host starts typing.
    m_transcript.Flush(AtTranscript::MODULE_TO_HOST);
    m_waiting = DELIVERY;
    m_waitFinalAfterDelivery = waitForFinal;
    m_sentTarget = m_delivered + m_uart->GetQueuedBytes(UartChannel::HOST) + bytes.size();
    m_uart->Send(UartChannel::HOST, bytes);
}

void
AtScriptRunner::ByteDelivered(uint8_t byte)
{
    if (m_delivered >= m_dataFrom && m_delivered < m_sentTarget)
    {
        m_transcript.AddDataByte(AtTranscript::HOST_TO_MODULE, byte);
    }
    else
    {
        m_transcript.AddByte(AtTranscript::HOST_TO_MODULE, byte);
    }
    ++m_delivered;
    if (m_waiting == DELIVERY && m_delivered >= m_sentTarget)
    {
        m_dataFrom = UINT64_MAX;
        m_transcript.Flush(AtTranscript::HOST_TO_MODULE);
        if (m_waitFinalAfterDelivery)
        {
            m_waiting = FINAL;
            m_timeout =
                Simulator::Schedule(m_commandTimeout,
                                    [this]()
                                    {
                                        Fail("no final result code within " +
                                             std::to_string(m_commandTimeout.GetSeconds()) + " s");
                                    });
        }
        else
        {
            m_waiting = NOTHING;
            m_next = Simulator::ScheduleNow(&AtScriptRunner::NextStep, this);
        }
    }
}

void
AtScriptRunner::ByteReceived(uint8_t byte)
{
    m_transcript.AddByte(AtTranscript::MODULE_TO_HOST, byte);
    switch (m_lines.Add(byte))
    {
        case AtLineReader::LINE:
            LineReceived(m_lines.TakeLine());
            break;
        case AtLineReader::PROMPT:
            PromptReceived();
            break;
        case AtLineReader::NOTHING:
        case AtLineReader::LINE_FEED:
            break;
    }
}

bool
AtScriptRunner::IsFinalResult(const std::string& line)
{
    return line == "OK" || line == "ERROR" || line == "NO CARRIER" || line == "SEND OK" ||
           line == "SEND FAIL" || line == "CONNECT" || line.rfind("+CME ERROR:", 0) == 0 ||
           line.rfind("+CMS ERROR:", 0) == 0 || line == "0" || line == "1" || line == "3" ||
           line == "4";
}

void
AtScriptRunner::LineReceived(const std::string& line)
{
    m_rxLines.push_back(line);
    if (m_online && (line == "OK" || line == "NO CARRIER" || line == "0" || line == "3"))
    {
        m_online = false;
    }
    // CONNECT, or its numeric code 1 under ATV0 (V.250 6.2.6), opens the data mode.
    if ((line == "CONNECT" || line == "1") && m_waiting == FINAL)
    {
        m_online = true;
    }
    if (m_waiting == FINAL && IsFinalResult(line))
    {
        m_timeout.Cancel();
        m_cursor = m_rxLines.size();
        m_waiting = NOTHING;
        m_next = Simulator::ScheduleNow(&AtScriptRunner::NextStep, this);
        return;
    }
    if (m_waiting == TEXT)
    {
        CheckWait();
    }
}

void
AtScriptRunner::PromptReceived()
{
    if (m_waiting == FINAL)
    {
        m_timeout.Cancel();
        m_cursor = m_rxLines.size();
        m_waiting = NOTHING;
        m_next = Simulator::ScheduleNow(&AtScriptRunner::NextStep, this);
    }
}

void
AtScriptRunner::CheckWait()
{
    for (size_t i = m_cursor; i < m_rxLines.size(); ++i)
    {
        if (m_rxLines[i].find(m_waitText) != std::string::npos)
        {
            m_cursor = i + 1;
            m_timeout.Cancel();
            m_waiting = NOTHING;
            m_next = Simulator::ScheduleNow(&AtScriptRunner::NextStep, this);
            return;
        }
    }
}

void
AtScriptRunner::Fail(const std::string& message)
{
    if (m_waiting == DONE)
    {
        return;
    }
    m_waiting = DONE;
    m_next.Cancel();
    m_timeout.Cancel();
    FlushTranscript();
    const std::string text = "script line " + std::to_string(m_currentLine) + ": " + message;
    NS_LOG_INFO(text);
    if (m_finished)
    {
        m_finished(false, text);
    }
}

void
AtScriptRunner::Finish()
{
    m_waiting = DONE;
    m_timeout.Cancel();
    FlushTranscript();
    if (m_finished)
    {
        m_finished(true, "");
    }
}

} // namespace lpwa
} // namespace ns3
