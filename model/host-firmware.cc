/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-firmware.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaHostFirmware");
NS_OBJECT_ENSURE_REGISTERED(HostFirmware);

namespace
{

/// Split "a,b,c" (the part after "+X: ") at commas outside quotes.
std::vector<std::string>
SplitFields(const std::string& line)
{
    std::vector<std::string> fields;
    const size_t colon = line.find(": ");
    std::string rest = colon == std::string::npos ? line : line.substr(colon + 2);
    std::string field;
    bool quoted = false;
    for (char ch : rest)
    {
        if (ch == '"')
        {
            quoted = !quoted;
            continue;
        }
        if (ch == ',' && !quoted)
        {
            fields.push_back(field);
            field.clear();
            continue;
        }
        field.push_back(ch);
    }
    fields.push_back(field);
    return fields;
}

/// Parse a non-negative decimal integer; -1 if the text is not one.
int64_t
ToInt(const std::string& text)
{
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(),
                     text.end(),
                     [](char c)
                     {
                         return c >= '0' && c <= '9';
                     }))
    {
        return -1;
    }
    return std::strtoll(text.c_str(), nullptr, 10);
}

/// Whether text starts with prefix.
bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

/// Hex-encode bytes (upper case is not required by the modules; lower case as esp-ml307).
std::string
ToHex(const std::string& data)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (unsigned char c : data)
    {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xf]);
    }
    return out;
}

/// Decode hex text; false if malformed.
bool
FromHex(const std::string& text, std::string& data)
{
    if (text.size() % 2 != 0)
    {
        return false;
    }
    data.clear();
    for (size_t i = 0; i < text.size(); i += 2)
    {
        int v = 0;
        for (size_t k = 0; k < 2; ++k)
        {
            const char c = text[i + k];
            v <<= 4;
            if (c >= '0' && c <= '9')
            {
                v |= c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                v |= c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                v |= c - 'A' + 10;
            }
            else
            {
                return false;
            }
        }
        data.push_back(static_cast<char>(v));
    }
    return true;
}

/// Quote a string for an AT command.
std::string
Q(const std::string& text)
{
    return "\"" + text + "\"";
}

} // namespace

TypeId
HostFirmware::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::HostFirmware")
            .SetParent<Application>()
            .SetGroupName("LpwaModem")
            .AddConstructor<HostFirmware>()
            .AddAttribute("Driver",
                          "The real host driver reproduced (HostFirmwareProfile).",
                          EnumValue(HostFirmwareProfile::TINYGSM),
                          MakeEnumAccessor(&HostFirmware::m_driver),
                          MakeEnumChecker(HostFirmwareProfile::TINYGSM,
                                          "tinygsm",
                                          HostFirmwareProfile::ZEPHYR_BG9X,
                                          "zephyr-bg9x",
                                          HostFirmwareProfile::ESP_ML307,
                                          "esp-ml307",
                                          HostFirmwareProfile::RT_THREAD_ML307,
                                          "rt-thread-ml307"))
            .AddAttribute("Host",
                          "Server host name (opened by name, or resolved first by the drivers "
                          "that open by IP address).",
                          StringValue("tls.example"),
                          MakeStringAccessor(&HostFirmware::m_host),
                          MakeStringChecker())
            .AddAttribute("Port",
                          "Server port. Default: 443 (HTTPS, IANA).",
                          UintegerValue(443),
                          MakeUintegerAccessor(&HostFirmware::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Apn",
                          "Access point name given to AT+QICSGP (Quectel drivers).",
                          StringValue("apn"),
                          MakeStringAccessor(&HostFirmware::m_apn),
                          MakeStringChecker())
            .AddAttribute("CaCertificate",
                          "CA certificate (PEM) to upload and verify the server with; empty: "
                          "no upload, no server verification.",
                          StringValue(""),
                          MakeStringAccessor(&HostFirmware::m_caPem),
                          MakeStringChecker())
            .AddAttribute("CaFileName",
                          "Module file name of the uploaded CA certificate.",
                          StringValue("ca.pem"),
                          MakeStringAccessor(&HostFirmware::m_caName),
                          MakeStringChecker())
            .AddAttribute("SessionResumption",
                          "Enable session resumption on the SSL context (AT+QSSLCFG=\"session\" "
                          "/ AT+MSSLCFG=\"session\").",
                          BooleanValue(false),
                          MakeBooleanAccessor(&HostFirmware::m_session),
                          MakeBooleanChecker())
            .AddAttribute("MessageSize",
                          "Bytes of each application message. Default: 64, an assumption (a "
                          "small telemetry record).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&HostFirmware::m_messageSize),
                          MakeUintegerChecker<uint32_t>(1, 65536))
            .AddAttribute("MessagePeriod",
                          "Time between the starts of two messages. Default: 60 s, an "
                          "assumption (a once-a-minute reporting device).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&HostFirmware::m_messagePeriod),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MessageCount",
                          "Messages per connection before the host closes and stops; 0: no "
                          "limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&HostFirmware::m_messageCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ExpectEcho",
                          "The server echoes: a message's latency ends when its echo has been "
                          "read; otherwise when the module accepted it.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HostFirmware::m_expectEcho),
                          MakeBooleanChecker())
            .AddAttribute("OpenTimeout",
                          "Host wait for the open result after the open command's OK; 0: the "
                          "driver's own (TinyGSM 150 s, the others 10 s; real-clients.md).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&HostFirmware::m_openTimeoutOverride),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("CloseAfterFailedOpen",
                          "Close the connect ID (AT+QSSLCLOSE / AT+MIPCLOSE) after a failed or "
                          "abandoned open, before retrying. The drivers' socket APIs do (a "
                          "failed connect() is followed by close()); false models a host that "
                          "retries while the module still negotiates.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HostFirmware::m_closeAfterFailedOpen),
                          MakeBooleanChecker())
            .AddAttribute("MaxRetries",
                          "Consecutive failed attempts after which the host gives up (state "
                          "DONE); 0: never.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&HostFirmware::m_maxRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RetryPolicy",
                          "The delay before the next attempt.",
                          PointerValue(),
                          MakePointerAccessor(&HostFirmware::m_retry),
                          MakePointerChecker<RetryPolicy>())
            .AddTraceSource("StateTransition",
                            "The firmware changed state.",
                            MakeTraceSourceAccessor(&HostFirmware::m_stateTrace),
                            "ns3::lpwa::HostFirmware::StateTransitionTracedCallback")
            .AddTraceSource("Command",
                            "A command line was written to the UART.",
                            MakeTraceSourceAccessor(&HostFirmware::m_commandTrace),
                            "ns3::lpwa::HostFirmware::TextTracedCallback")
            .AddTraceSource("CommandTimeout",
                            "The host gave up waiting for a command's answer.",
                            MakeTraceSourceAccessor(&HostFirmware::m_timeoutTrace),
                            "ns3::lpwa::HostFirmware::TextTracedCallback")
            .AddTraceSource("BringUpCompleted",
                            "Bring-up finished (its duration).",
                            MakeTraceSourceAccessor(&HostFirmware::m_bringUpTrace),
                            "ns3::lpwa::HostFirmware::BringUpTracedCallback")
            .AddTraceSource("BringUpFailed",
                            "A bring-up command failed (the command).",
                            MakeTraceSourceAccessor(&HostFirmware::m_bringUpFailedTrace),
                            "ns3::lpwa::HostFirmware::TextTracedCallback")
            .AddTraceSource("OpenStarted",
                            "A connection attempt started.",
                            MakeTraceSourceAccessor(&HostFirmware::m_openStartedTrace),
                            "ns3::lpwa::HostFirmware::AttemptTracedCallback")
            .AddTraceSource("Connected",
                            "The open result reported success.",
                            MakeTraceSourceAccessor(&HostFirmware::m_connectedTrace),
                            "ns3::lpwa::HostFirmware::ConnectedTracedCallback")
            .AddTraceSource("OpenFailed",
                            "An attempt failed before connecting.",
                            MakeTraceSourceAccessor(&HostFirmware::m_openFailedTrace),
                            "ns3::lpwa::HostFirmware::OpenFailedTracedCallback")
            .AddTraceSource("PeerClosed",
                            "The host noticed that the connection was closed.",
                            MakeTraceSourceAccessor(&HostFirmware::m_peerClosedTrace),
                            "ns3::lpwa::HostFirmware::AttemptTracedCallback")
            .AddTraceSource("RetryScheduled",
                            "The next attempt was scheduled after a backoff delay.",
                            MakeTraceSourceAccessor(&HostFirmware::m_retryTrace),
                            "ns3::lpwa::HostFirmware::RetryTracedCallback")
            .AddTraceSource("MessageSent",
                            "The module accepted a whole message.",
                            MakeTraceSourceAccessor(&HostFirmware::m_messageSentTrace),
                            "ns3::lpwa::HostFirmware::MessageSentTracedCallback")
            .AddTraceSource("MessageEchoed",
                            "A message's latency: its echo was read (or, without ExpectEcho, "
                            "the module accepted it).",
                            MakeTraceSourceAccessor(&HostFirmware::m_messageEchoedTrace),
                            "ns3::lpwa::HostFirmware::MessageEchoedTracedCallback")
            .AddTraceSource("Connection",
                            "One record per connection attempt, when it ends.",
                            MakeTraceSourceAccessor(&HostFirmware::m_connectionTrace),
                            "ns3::lpwa::HostFirmware::ConnectionTracedCallback");
    return tid;
}

HostFirmware::HostFirmware()
{
    NS_LOG_FUNCTION(this);
    m_retry = CreateObject<RetryPolicy>();
}

HostFirmware::~HostFirmware()
{
    NS_LOG_FUNCTION(this);
}

void
HostFirmware::DoDispose()
{
    CancelEvents();
    m_steps.clear();
    m_stepsDone = nullptr;
    m_current = Command();
    if (m_uart)
    {
        m_uart->SetReceiveCallback(UartChannel::HOST, MakeNullCallback<void, uint8_t>());
    }
    m_uart = nullptr;
    m_retry = nullptr;
    Application::DoDispose();
}

void
HostFirmware::CancelEvents()
{
    m_timer.Cancel();
    m_payloadEvent.Cancel();
    m_stepEvent.Cancel();
    m_messageEvent.Cancel();
    m_pollEvent.Cancel();
    m_retryEvent.Cancel();
    m_queue.clear();
}

// ------------------------------------------------------------------------------------------
// Accessors and the state machine
// ------------------------------------------------------------------------------------------

void
HostFirmware::SetUart(Ptr<UartChannel> uart)
{
    if (!uart)
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmware::SetUart: uart is null");
    }
    m_uart = uart;
    m_uart->SetReceiveCallback(UartChannel::HOST, MakeCallback(&HostFirmware::ByteReceived, this));
}

Ptr<UartChannel>
HostFirmware::GetUart() const
{
    return m_uart;
}

Ptr<RetryPolicy>
HostFirmware::GetRetryPolicy() const
{
    return m_retry;
}

const HostFirmwareProfile&
HostFirmware::GetProfile() const
{
    return HostFirmwareProfile::Get(m_driver);
}

HostFirmware::State
HostFirmware::GetState() const
{
    return m_state;
}

uint32_t
HostFirmware::GetAttemptCount() const
{
    return m_attempts;
}

uint32_t
HostFirmware::GetConnectionCount() const
{
    return m_connections;
}

int64_t
HostFirmware::AssignStreams(int64_t stream)
{
    return m_retry->AssignStreams(stream);
}

std::string
HostFirmware::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

const StateTransitionTable<HostFirmware::State>&
HostFirmware::GetTransitionTable()
{
    static const StateTransitionTable<State> table(
        {"OFF", "BRINGING_UP", "OPENING", "CONNECTED", "RECOVERING", "CLOSING", "WAITING", "DONE"},
        {
            {OFF, BRINGING_UP},     // start
            {BRINGING_UP, OPENING}, // bring-up done
            {BRINGING_UP, WAITING}, // bring-up failed: retry later
            {BRINGING_UP, OFF},     // stop
            {OPENING, CONNECTED},   // open result 0
            {OPENING, RECOVERING},  // open failed or host timeout
            {OPENING, OFF},         // stop
            {RECOVERING, OPENING},  // immediate retry (RT-Thread)
            {RECOVERING, WAITING},  // backoff
            {RECOVERING, DONE},     // MaxRetries exceeded
            {RECOVERING, OFF},      // stop
            {CONNECTED, CLOSING},   // peer closed, send failed, MessageCount reached
            {CONNECTED, OFF},       // stop
            {CLOSING, WAITING},     // reconnect after backoff
            {CLOSING, DONE},        // MessageCount reached
            {CLOSING, OFF},         // stop
            {WAITING, OPENING},     // next attempt
            {WAITING, BRINGING_UP}, // bring-up again
            {WAITING, OFF},         // stop
            {DONE, OFF},            // stop
        });
    return table;
}

void
HostFirmware::SwitchToState(State next)
{
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmware: illegal transition "
                       << GetStateName(m_state) << " -> " << GetStateName(next));
    }
    NS_LOG_LOGIC(GetStateName(m_state) << " -> " << GetStateName(next));
    const State previous = m_state;
    m_state = next;
    m_stateTrace(previous, next);
}

// ------------------------------------------------------------------------------------------
// Command engine
// ------------------------------------------------------------------------------------------

bool
HostFirmware::Reply::IsOk() const
{
    return !timedOut && (final == "OK" || final == "SEND OK");
}

int32_t
HostFirmware::Reply::GetCmeError() const
{
    if (!StartsWith(final, "+CME ERROR: "))
    {
        return -1;
    }
    return static_cast<int32_t>(ToInt(final.substr(12)));
}

bool
HostFirmware::IsFinalResult(const std::string& line)
{
    return line == "OK" || line == "ERROR" || line == "SEND OK" || line == "SEND FAIL" ||
           line == "NO CARRIER" || StartsWith(line, "+CME ERROR:");
}

void
HostFirmware::Issue(Command command)
{
    if (m_busy)
    {
        m_queue.push_back(std::move(command));
        return;
    }
    m_current = std::move(command);
    SendCurrent();
}

void
HostFirmware::SendCurrent()
{
    m_busy = true;
    m_reply = Reply();
    m_commandTrace(m_current.text);
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " > " << m_current.text);
    m_uart->Send(UartChannel::HOST, m_current.text + "\r");
    m_phase = (m_current.mode == AFTER_PROMPT || m_current.mode == AFTER_CONNECT) ? PROMPT : FINAL;
    if (m_current.mode == AFTER_DELAY)
    {
        const Time wire = m_uart->GetTransmitTime(
            static_cast<uint32_t>(m_uart->GetQueuedBytes(UartChannel::HOST)));
        m_payloadEvent = Simulator::Schedule(wire + GetProfile().sendPromptDelay,
                                             &HostFirmware::WritePayload,
                                             this);
    }
    m_timer = Simulator::Schedule(m_current.timeout, &HostFirmware::CommandTimedOut, this);
}

void
HostFirmware::WritePayload()
{
    m_uart->Send(UartChannel::HOST, m_current.payload);
}

void
HostFirmware::Complete()
{
    m_timer.Cancel();
    m_payloadEvent.Cancel();
    m_phase = IDLE;
    m_busy = false;
    std::function<void(const Reply&)> done = std::move(m_current.done);
    const Reply reply = m_reply;
    m_current = Command();
    if (done)
    {
        done(reply);
    }
    if (!m_busy && !m_queue.empty())
    {
        m_current = std::move(m_queue.front());
        m_queue.pop_front();
        SendCurrent();
    }
}

void
HostFirmware::CommandTimedOut()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " timeout: " << m_current.text);
    m_timeoutTrace(m_current.text);
    m_reply.timedOut = true;
    Complete();
}

void
HostFirmware::ByteReceived(uint8_t byte)
{
    if (m_rawRemaining > 0)
    {
        m_rawData.push_back(static_cast<char>(byte));
        if (--m_rawRemaining == 0)
        {
            std::string data;
            data.swap(m_rawData);
            DataReceived(data);
        }
        return;
    }
    if (m_rawPending > 0 && !(byte == '\n' && m_lines.IsAfterCr()))
    {
        // The data followed a bare CR: this byte is its first.
        m_rawRemaining = m_rawPending;
        m_rawPending = 0;
        m_lines.Reset();
        ByteReceived(byte);
        return;
    }
    switch (m_lines.Add(byte))
    {
        case AtLineReader::LINE_FEED:
            // The data announced by the line comes after its CR LF.
            m_rawRemaining = m_rawPending;
            m_rawPending = 0;
            return;
        case AtLineReader::LINE:
            LineReceived(m_lines.TakeLine());
            return;
        case AtLineReader::PROMPT:
            PromptReceived();
            return;
        case AtLineReader::NOTHING:
            break;
    }
    // +MIPURC: "rtcp",<id>,<len>,<raw bytes> (ASCII encoding): the data may hold anything.
    static const std::string rtcp = "+MIPURC: \"rtcp\",";
    const std::string& partial = m_lines.GetPartialLine();
    if (byte == ',' && !GetProfile().hexData && partial.size() > rtcp.size() &&
        StartsWith(partial, rtcp) &&
        std::count(partial.begin() + rtcp.size(), partial.end(), ',') == 2)
    {
        const std::vector<std::string> f = SplitFields(partial);
        const int64_t len = f.size() >= 3 ? ToInt(f[2]) : -1;
        if (len > 0)
        {
            m_lines.ClearPartialLine();
            m_rawRemaining = static_cast<uint32_t>(len);
        }
    }
}

void
HostFirmware::PromptReceived()
{
    if (m_phase == PROMPT && m_current.mode == AFTER_PROMPT)
    {
        m_phase = FINAL;
        m_timer.Cancel();
        m_timer = Simulator::Schedule(m_current.timeout, &HostFirmware::CommandTimedOut, this);
        WritePayload();
    }
}

void
HostFirmware::LineReceived(const std::string& line)
{
    if (m_busy && line == m_current.text)
    {
        return; // command echo (ATE1)
    }
    if (m_busy && m_phase == PROMPT && line == "CONNECT" && m_current.mode == AFTER_CONNECT)
    {
        m_phase = FINAL;
        m_timer.Cancel();
        m_timer = Simulator::Schedule(m_current.timeout, &HostFirmware::CommandTimedOut, this);
        WritePayload();
        return;
    }
    if (m_busy && (m_phase == FINAL || m_phase == PROMPT) && IsFinalResult(line))
    {
        m_reply.final = line;
        if (line == "OK" && m_phase == FINAL && !m_current.urcPrefix.empty())
        {
            m_phase = URC;
            m_timer.Cancel();
            m_timer =
                Simulator::Schedule(m_current.urcTimeout, &HostFirmware::CommandTimedOut, this);
            return;
        }
        Complete();
        return;
    }
    if (m_busy && m_phase == URC)
    {
        if (StartsWith(line, m_current.urcPrefix))
        {
            // The DNS answer comes as a count line, then one line per address.
            if (StartsWith(line, "+QIURC: \"dnsgip\",0,"))
            {
                m_reply.info.push_back(line);
                return;
            }
            m_reply.urc = line;
            Complete();
            return;
        }
        if (StartsWith(line, "+CME ERROR:") || line == "ERROR")
        {
            m_reply.final = line; // an error in place of the URC
            Complete();
            return;
        }
    }
    if (HandleUrc(line))
    {
        return;
    }
    if (m_busy)
    {
        m_reply.info.push_back(line);
        // +QSSLRECV: <n> (one number) announces n raw bytes after CR LF.
        if (StartsWith(line, "+QSSLRECV: ") && line.find(',') == std::string::npos)
        {
            const int64_t n = ToInt(line.substr(11));
            if (n > 0)
            {
                m_rawPending = static_cast<uint32_t>(n);
            }
        }
    }
}

bool
HostFirmware::HandleUrc(const std::string& line)
{
    const HostFirmwareProfile& p = GetProfile();
    if (StartsWith(line, "+CEREG: ") && line.find(',') == std::string::npos)
    {
        const int64_t stat = ToInt(line.substr(8));
        m_registered = stat == 1 || stat == 5;
        return true;
    }
    if (StartsWith(line, "+QSSLURC: "))
    {
        const std::vector<std::string> f = SplitFields(line);
        if (f.size() < 2 || ToInt(f[1]) != static_cast<int64_t>(p.connectId) ||
            m_state != CONNECTED || p.pollInterval.IsStrictlyPositive())
        {
            return true; // not ours, not connected, or a driver that ignores +QSSLURC
        }
        if (f[0] == "recv")
        {
            IssueRead(1500);
        }
        else if (f[0] == "closed")
        {
            m_peerClosedTrace(m_record.attempt);
            ConnectionLost(HostFirmwareRecord::CLOSED_BY_PEER, -1);
        }
        return true;
    }
    if (StartsWith(line, "+MIPURC: "))
    {
        const std::vector<std::string> f = SplitFields(line);
        if (f.size() < 2 || ToInt(f[1]) != static_cast<int64_t>(p.connectId) ||
            m_state != CONNECTED)
        {
            return true;
        }
        if (f[0] == "rtcp" && f.size() >= 4 && p.hexData)
        {
            std::string data;
            if (FromHex(f[3], data))
            {
                DataReceived(data);
            }
        }
        else if (f[0] == "disconn")
        {
            m_peerClosedTrace(m_record.attempt);
            ConnectionLost(HostFirmwareRecord::CLOSED_BY_PEER, -1);
        }
        return true;
    }
    // The network deactivated the PDP context (cell lost): like the drivers' applications
    // (TinyGSM sketches' isGprsConnected() / gprsConnect()), the next attempt brings the data
    // connection up again first.
    if (StartsWith(line, "+QIURC: \"pdpdeact\"") ||
        (StartsWith(line, "+MIPCALL: ") && line.size() > 2 &&
         line.compare(line.size() - 2, 2, ",0") == 0))
    {
        NS_LOG_INFO("PDP context deactivated by the network: bring-up before the next attempt");
        m_broughtUp = false;
        return true;
    }
    // Results nobody waits for any more (after a host timeout) and close confirmations.
    return StartsWith(line, "+QSSLOPEN: ") || StartsWith(line, "+MIPOPEN: ") ||
           StartsWith(line, "+MIPCLOSE: ") || StartsWith(line, "+MIPSEND: ") ||
           StartsWith(line, "+QIURC: ") || StartsWith(line, "+MIPCALL: ");
}

// ------------------------------------------------------------------------------------------
// Sequences
// ------------------------------------------------------------------------------------------

HostFirmware::Step*
HostFirmware::AddStep(std::vector<Step>& steps, const std::string& text, Time timeout)
{
    Step step;
    step.command.text = text;
    step.command.timeout = timeout;
    steps.push_back(step);
    return &steps.back();
}

void
HostFirmware::RunSteps(std::vector<Step> steps, std::function<void(bool, const Reply&)> done)
{
    m_steps = std::move(steps);
    m_stepIndex = 0;
    m_stepsDone = std::move(done);
    m_stepStarted = Simulator::Now();
    NextStep();
}

void
HostFirmware::NextStep()
{
    while (m_stepIndex < m_steps.size() && m_steps[m_stepIndex].skip && m_steps[m_stepIndex].skip())
    {
        ++m_stepIndex;
    }
    if (m_stepIndex >= m_steps.size())
    {
        auto done = std::move(m_stepsDone);
        m_stepsDone = nullptr;
        if (done)
        {
            done(true, Reply());
        }
        return;
    }
    Command command = m_steps[m_stepIndex].command;
    const uint64_t generation = m_generation;
    command.done = [this, generation](const Reply& reply)
    {
        if (generation != m_generation)
        {
            return;
        }
        const Step& step = m_steps[m_stepIndex];
        const bool ok = step.check ? step.check(reply) : reply.IsOk();
        if (ok)
        {
            ++m_stepIndex;
            m_stepStarted = Simulator::Now();
            NextStep();
            return;
        }
        if (step.repeatEvery.IsStrictlyPositive() &&
            Simulator::Now() - m_stepStarted + step.repeatEvery <= step.repeatFor)
        {
            m_stepEvent = Simulator::Schedule(step.repeatEvery, &HostFirmware::NextStep, this);
            return;
        }
        auto done = std::move(m_stepsDone);
        m_stepsDone = nullptr;
        done(false, reply);
    };
    Issue(std::move(command));
}

// ------------------------------------------------------------------------------------------
// Bring-up
// ------------------------------------------------------------------------------------------

void
HostFirmware::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_uart)
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmware: no UART (call SetUart or use HostFirmwareHelper)");
    }
    if (!m_retry)
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmware: attribute RetryPolicy is null");
    }
    if (m_host.empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmware: attribute Host is empty");
    }
    m_immediateLeft = GetProfile().immediateRetries;
    StartBringUp();
}

void
HostFirmware::StopApplication()
{
    NS_LOG_FUNCTION(this);
    ++m_generation;
    CancelEvents();
    m_busy = false;
    m_phase = IDLE;
    m_current = Command();
    if (m_recordOpen)
    {
        if (m_state == CONNECTED || m_state == CLOSING)
        {
            m_record.outcome = HostFirmwareRecord::CLOSED_BY_HOST;
        }
        else if (m_state == OPENING)
        {
            m_record.outcome = HostFirmwareRecord::HOST_TIMEOUT;
        }
        EndAttempt();
    }
    if (m_state != OFF)
    {
        SwitchToState(OFF);
    }
}

std::string
HostFirmware::Host() const
{
    return GetProfile().resolveFirst && !m_resolved.empty() ? m_resolved : m_host;
}

std::vector<HostFirmware::Step>
HostFirmware::MakeBringUpSteps()
{
    const HostFirmwareProfile& p = GetProfile();
    const Time cmd = p.commandTimeout;
    std::vector<Step> s;
    auto registered = [this](const Reply& r)
    {
        for (const auto& line : r.info)
        {
            if (StartsWith(line, "+CEREG: "))
            {
                const std::vector<std::string> f = SplitFields(line);
                const int64_t stat = f.size() >= 2 ? ToInt(f[1]) : -1;
                m_registered = stat == 1 || stat == 5;
            }
        }
        return r.IsOk() && m_registered;
    };
    // Registration poll: AT+CEREG? until home or roaming (TinyGSM waitForNetwork, 60 s).
    auto pollRegistration = [&]()
    {
        Step* st = AddStep(s, "AT+CEREG?", cmd);
        st->check = registered;
        st->repeatEvery = MilliSeconds(500);
        st->repeatFor = Seconds(60);
    };
    const bool ca = !m_caPem.empty();
    const std::string len = std::to_string(m_caPem.size());
    switch (p.driver)
    {
        case HostFirmwareProfile::TINYGSM:
        {
            AddStep(s, "AT", cmd);
            AddStep(s, "ATE0", cmd);
            AddStep(s, "AT+CMEE=2", cmd);
            pollRegistration();
            // gprsConnect() starts with gprsDisconnect(): AT+QIDEACT=1 (40 s), so that a
            // context left active by an earlier, failed bring-up does not make AT+QIACT fail.
            AddStep(s, "AT+QIDEACT=1", Seconds(40));
            AddStep(s, "AT+QICSGP=1,1," + Q(m_apn) + ",\"\",\"\"", Seconds(1));
            AddStep(s, "AT+QIACT=1", p.pdpTimeout);
            AddStep(s, "AT+CGATT=1", Seconds(60));
            if (ca)
            {
                // The sketch uploads its certificate once, in setup(): the file stays in the
                // module's flash across reconnections (a second AT+QFUPL would fail with
                // "file already existed").
                Step* up = AddStep(s, "AT+QFUPL=" + Q(m_caName) + "," + len + ",10", Seconds(10));
                up->command.mode = AFTER_CONNECT;
                up->command.payload = m_caPem;
                up->skip = [this]()
                {
                    return m_caUploaded;
                };
                up->check = [this](const Reply& r)
                {
                    m_caUploaded = r.IsOk();
                    return m_caUploaded;
                };
            }
            const std::string c = std::to_string(p.sslContext);
            AddStep(s, "AT+QSSLCFG=\"sslversion\"," + c + ",3", cmd);
            AddStep(s, "AT+QSSLCFG=\"ciphersuite\"," + c + ",0X0035", cmd);
            AddStep(s, "AT+QSSLCFG=\"seclevel\"," + c + ",1", cmd);
            if (ca)
            {
                AddStep(s, "AT+QSSLCFG=\"cacert\"," + c + "," + Q(m_caName), cmd);
            }
            if (m_session)
            {
                // TinyGSM never sends this; an extension for resumption studies. It goes to the
                // context the driver opens on, so that it takes effect.
                AddStep(s, "AT+QSSLCFG=\"session\"," + std::to_string(p.openContext) + ",1", cmd);
            }
            break;
        }
        case HostFirmwareProfile::ZEPHYR_BG9X:
        {
            if (ca)
            {
                Step* del = AddStep(s, "AT+QFDEL=" + Q(m_caName), cmd);
                del->check = [](const Reply& r)
                {
                    return r.IsOk() || r.final == "+CME ERROR: 405";
                };
                Step* up = AddStep(s, "AT+QFUPL=" + Q(m_caName) + "," + len, Seconds(10));
                up->command.mode = AFTER_CONNECT;
                up->command.payload = m_caPem;
            }
            AddStep(s, "AT+CFUN=0", cmd);
            AddStep(s, "AT+QICSGP=1,1," + Q(m_apn) + ",\"\",\"\",3", cmd);
            AddStep(s, "AT+QCFG=\"nwscanmode\",3", cmd);
            AddStep(s, "AT+CFUN=1", cmd);
            // Waits for the +CEREG URC, then asks once.
            Step* urc = AddStep(s, "AT+CEREG=1", cmd);
            urc->command.urcPrefix = "+CEREG: ";
            urc->command.urcTimeout = Seconds(60);
            urc->check = [](const Reply& r)
            {
                return r.IsOk() && (r.urc == "+CEREG: 1" || r.urc == "+CEREG: 5");
            };
            Step* ask = AddStep(s, "AT+CEREG?", cmd);
            ask->check = registered;
            AddStep(s, "AT+QIACT=1", p.pdpTimeout);
            AddStep(s, "AT+CGPADDR=1", cmd);
            const std::string c = std::to_string(p.sslContext);
            AddStep(s, "AT+QSSLCFG=\"sslversion\"," + c + ",4", cmd);
            AddStep(s, "AT+QSSLCFG=\"ciphersuite\"," + c + ",0xFFFF", cmd);
            AddStep(s, "AT+QSSLCFG=\"negotiatetime\"," + c + ",300", cmd);
            AddStep(s, "AT+QSSLCFG=\"ignorelocaltime\"," + c + ",1", cmd);
            AddStep(s, "AT+QSSLCFG=\"seclevel\"," + c + "," + (ca ? "1" : "0"), cmd);
            if (ca)
            {
                AddStep(s, "AT+QSSLCFG=\"cacert\"," + c + "," + Q(m_caName), cmd);
            }
            if (m_session)
            {
                AddStep(s, "AT+QSSLCFG=\"session\"," + c + ",1", cmd);
            }
            Step* dns = AddStep(s, "AT+QIDNSGIP=1," + Q(m_host), cmd);
            dns->command.urcPrefix = "+QIURC: \"dnsgip\",";
            dns->command.urcTimeout = Seconds(60);
            dns->check = [this](const Reply& r)
            {
                if (!r.IsOk() || r.urc.empty() || !StartsWith(r.urc, "+QIURC: \"dnsgip\",\""))
                {
                    return false;
                }
                m_resolved = SplitFields(r.urc).at(1);
                return true;
            };
            break;
        }
        case HostFirmwareProfile::ESP_ML307:
        case HostFirmwareProfile::RT_THREAD_ML307:
        {
            AddStep(s, "AT", cmd);
            AddStep(s, "ATE0", cmd);
            pollRegistration();
            Step* query = AddStep(s, "AT+MIPCALL?", cmd);
            query->check = [this](const Reply& r)
            {
                m_pdpActive = false;
                for (const auto& line : r.info)
                {
                    const std::vector<std::string> f = SplitFields(line);
                    if (StartsWith(line, "+MIPCALL: ") && f.size() >= 2 && f[1] == "1")
                    {
                        m_pdpActive = true;
                    }
                }
                return r.IsOk();
            };
            Step* call = AddStep(s, "AT+MIPCALL=1,1", cmd);
            call->skip = [this]()
            {
                return m_pdpActive;
            };
            call->command.urcPrefix = "+MIPCALL: 1,";
            call->command.urcTimeout = p.pdpTimeout;
            call->check = [](const Reply& r)
            {
                return r.IsOk() && StartsWith(r.urc, "+MIPCALL: 1,1");
            };
            if (ca)
            {
                Step* up = AddStep(s, "AT+MSSLCERTWR=" + Q(m_caName) + ",0," + len, Seconds(10));
                up->command.mode = AFTER_PROMPT;
                up->command.payload = m_caPem;
            }
            if (p.resolveFirst)
            {
                Step* dns = AddStep(s, "AT+MDNSGIP=" + Q(m_host), cmd);
                dns->command.urcPrefix = "+MDNSGIP: ";
                dns->command.urcTimeout = Seconds(60);
                dns->check = [this](const Reply& r)
                {
                    const std::vector<std::string> f = SplitFields(r.urc);
                    if (!r.IsOk() || f.size() < 2)
                    {
                        return false;
                    }
                    m_resolved = f[1];
                    return true;
                };
            }
            break;
        }
    }
    return s;
}

void
HostFirmware::StartBringUp()
{
    SwitchToState(BRINGING_UP);
    m_startedAt = Simulator::Now();
    m_registered = false;
    m_resolved.clear();
    RunSteps(MakeBringUpSteps(),
             [this](bool ok, const Reply& reply)
             {
                 BringUpFinished(ok, reply);
             });
}

void
HostFirmware::BringUpFinished(bool ok, const Reply& reply)
{
    if (!ok)
    {
        const std::string failed = m_steps[m_stepIndex].command.text;
        NS_LOG_INFO("bring-up failed at " << failed << ": "
                                          << (reply.timedOut ? "timeout" : reply.final));
        m_bringUpFailedTrace(failed);
        ++m_failures;
        SwitchToState(WAITING);
        ScheduleRetry();
        return;
    }
    m_broughtUp = true;
    m_bringUpTrace(Simulator::Now() - m_startedAt);
    SwitchToState(OPENING);
    StartAttempt();
}

// ------------------------------------------------------------------------------------------
// Connection attempts
// ------------------------------------------------------------------------------------------

std::vector<HostFirmware::Step>
HostFirmware::MakeOpenSteps()
{
    const HostFirmwareProfile& p = GetProfile();
    std::vector<Step> s;
    if (!p.oneMo)
    {
        return s;
    }
    const Time cmd = p.commandTimeout;
    const std::string id = std::to_string(p.connectId);
    const std::string ssl = std::to_string(p.sslContext);
    if (p.driver == HostFirmwareProfile::ESP_ML307)
    {
        // AT+MIPSTATE=<id> (10 s), then AT+MIPCLOSE=<id> if the ID is in use.
        auto active = std::make_shared<bool>(false);
        Step* state = AddStep(s, "AT+MIPSTATE=" + id, Seconds(10));
        state->check = [active](const Reply& r)
        {
            *active = false;
            for (const auto& line : r.info)
            {
                if (StartsWith(line, "+MIPSTATE: ") &&
                    line.find("\"INITIAL\"") == std::string::npos)
                {
                    *active = true;
                }
            }
            return r.IsOk();
        };
        Step* close = AddStep(s, "AT+MIPCLOSE=" + id, p.closeTimeout);
        close->skip = [active]()
        {
            return !*active;
        };
        close->check = [](const Reply& r)
        {
            return !r.timedOut;
        };
    }
    const bool ca = !m_caPem.empty();
    AddStep(s, "AT+MSSLCFG=\"auth\"," + ssl + "," + (ca ? "1" : "0"), cmd);
    if (ca)
    {
        AddStep(s, "AT+MSSLCFG=\"cert\"," + ssl + "," + Q(m_caName), cmd);
    }
    if (m_session)
    {
        AddStep(s, "AT+MSSLCFG=\"session\"," + ssl + ",1", cmd);
    }
    AddStep(s, "AT+MIPCFG=\"ssl\"," + id + ",1," + ssl, cmd);
    if (p.hexData)
    {
        AddStep(s, "AT+MIPCFG=\"encoding\"," + id + ",1,1", cmd);
    }
    return s;
}

HostFirmware::Command
HostFirmware::MakeOpenCommand()
{
    const HostFirmwareProfile& p = GetProfile();
    const std::string id = std::to_string(p.connectId);
    const std::string port = std::to_string(m_port);
    Command c;
    c.timeout = p.commandTimeout;
    c.urcTimeout =
        m_openTimeoutOverride.IsStrictlyPositive() ? m_openTimeoutOverride : p.openTimeout;
    switch (p.driver)
    {
        case HostFirmwareProfile::TINYGSM:
        case HostFirmwareProfile::ZEPHYR_BG9X:
            c.text = "AT+QSSLOPEN=1," + std::to_string(p.openContext) + "," + id + "," + Q(Host()) +
                     "," + port + ",0";
            c.urcPrefix = "+QSSLOPEN: " + id + ",";
            break;
        case HostFirmwareProfile::ESP_ML307:
            c.text = "AT+MIPOPEN=" + id + ",\"TCP\"," + Q(Host()) + "," + port + ",,0";
            c.urcPrefix = "+MIPOPEN: " + id + ",";
            break;
        case HostFirmwareProfile::RT_THREAD_ML307:
            c.text = "AT+MIPOPEN=" + id + ",\"TCP\"," + Q(Host()) + "," + port;
            c.urcPrefix = "+MIPOPEN: " + id + ",";
            break;
    }
    return c;
}

void
HostFirmware::StartAttempt()
{
    ++m_attempts;
    ++m_generation;
    m_record = HostFirmwareRecord();
    m_record.attempt = m_attempts;
    m_record.start = Simulator::Now().GetSeconds();
    m_record.resumptionOffered = m_session && m_hadSession;
    m_recordOpen = true;
    m_seq = 0;
    m_issuedBytes = 0;
    m_rxBytes = 0;
    m_outstanding.clear();
    m_openStartedTrace(m_attempts);
    const uint64_t generation = m_generation;
    RunSteps(MakeOpenSteps(),
             [this, generation](bool ok, const Reply& reply)
             {
                 if (generation != m_generation)
                 {
                     return;
                 }
                 if (!ok)
                 {
                     OpenFailed(HostFirmwareRecord::COMMAND_FAILED, reply.GetCmeError());
                     return;
                 }
                 Command open = MakeOpenCommand();
                 open.done = [this, generation](const Reply& r)
                 {
                     if (generation == m_generation)
                     {
                         OpenFinished(r);
                     }
                 };
                 Issue(std::move(open));
             });
}

void
HostFirmware::OpenFinished(const Reply& reply)
{
    if (reply.timedOut)
    {
        OpenFailed(reply.final == "OK" ? HostFirmwareRecord::HOST_TIMEOUT
                                       : HostFirmwareRecord::COMMAND_FAILED,
                   -1);
        return;
    }
    if (!reply.IsOk())
    {
        OpenFailed(HostFirmwareRecord::OPEN_ERROR, reply.GetCmeError());
        return;
    }
    const std::vector<std::string> f = SplitFields(reply.urc);
    const int64_t err = f.size() >= 2 ? ToInt(f[1]) : -1;
    if (err != 0)
    {
        OpenFailed(HostFirmwareRecord::OPEN_ERROR, static_cast<int32_t>(err));
        return;
    }
    Connected();
}

void
HostFirmware::OpenFailed(HostFirmwareRecord::Outcome outcome, int32_t errorCode)
{
    NS_LOG_INFO("attempt " << m_record.attempt << " failed: "
                           << HostFirmwareRecord::GetOutcomeName(outcome) << " " << errorCode);
    m_record.outcome = outcome;
    m_record.errorCode = errorCode;
    SwitchToState(RECOVERING);
    const HostFirmwareProfile& p = GetProfile();
    std::vector<Step> steps;
    if (p.getErrorOnFailure)
    {
        Step st;
        st.command.text = "AT+QIGETERROR";
        st.command.timeout = p.commandTimeout;
        st.check = [this](const Reply& r)
        {
            for (const auto& line : r.info)
            {
                if (StartsWith(line, "+QIGETERROR: ") && m_record.errorCode < 0)
                {
                    m_record.errorCode = static_cast<int32_t>(ToInt(SplitFields(line).at(0)));
                }
            }
            return true; // informative only
        };
        steps.push_back(st);
    }
    if (m_closeAfterFailedOpen)
    {
        Step st;
        st.command = MakeCloseCommand();
        st.check = [](const Reply&)
        {
            return true;
        }; // "not open" answers are fine
        steps.push_back(st);
    }
    m_openFailedTrace(m_record.attempt, outcome, m_record.errorCode);
    const uint64_t generation = m_generation;
    RunSteps(std::move(steps),
             [this, generation](bool, const Reply&)
             {
                 if (generation != m_generation)
                 {
                     return;
                 }
                 // Report the error code as the host finally knows it.
                 EndAttempt();
                 ++m_failures;
                 if (m_maxRetries > 0 && m_failures > m_maxRetries)
                 {
                     SwitchToState(DONE);
                     return;
                 }
                 if (m_immediateLeft > 0)
                 {
                     --m_immediateLeft;
                     SwitchToState(OPENING);
                     StartAttempt();
                     return;
                 }
                 SwitchToState(WAITING);
                 ScheduleRetry();
             });
}

void
HostFirmware::Connected()
{
    ++m_connections;
    m_failures = 0;
    m_immediateLeft = GetProfile().immediateRetries;
    m_retry->Reset();
    m_record.connected = Simulator::Now().GetSeconds();
    if (m_session)
    {
        m_hadSession = true;
    }
    SwitchToState(CONNECTED);
    m_connectedTrace(m_record.attempt, Simulator::Now() - Seconds(m_record.start));
    m_messageEvent = Simulator::ScheduleNow(&HostFirmware::CheckConnectedThenSend, this);
}

HostFirmware::Command
HostFirmware::MakeCloseCommand()
{
    const HostFirmwareProfile& p = GetProfile();
    const std::string id = std::to_string(p.connectId);
    Command c;
    c.timeout = p.closeTimeout;
    switch (p.driver)
    {
        case HostFirmwareProfile::TINYGSM:
            c.text = "AT+QSSLCLOSE=" + id;
            break;
        case HostFirmwareProfile::ZEPHYR_BG9X:
            c.text = "AT+QSSLCLOSE=" + id + ",0";
            break;
        case HostFirmwareProfile::ESP_ML307:
        case HostFirmwareProfile::RT_THREAD_ML307:
            c.text = "AT+MIPCLOSE=" + id;
            break;
    }
    return c;
}

void
HostFirmware::EndAttempt()
{
    if (!m_recordOpen)
    {
        return;
    }
    m_recordOpen = false;
    m_record.end = Simulator::Now().GetSeconds();
    m_record.bytesReceived = m_rxBytes;
    NS_LOG_INFO("attempt " << m_record.attempt
                           << " ended: " << HostFirmwareRecord::GetOutcomeName(m_record.outcome));
    m_connectionTrace(m_record);
}

void
HostFirmware::ScheduleRetry()
{
    const Time delay = m_retry->GetNextDelay();
    m_retryTrace(m_failures, delay);
    m_retryEvent = Simulator::Schedule(delay, &HostFirmware::Retry, this);
}

void
HostFirmware::Retry()
{
    if (!m_broughtUp)
    {
        StartBringUp();
        return;
    }
    SwitchToState(OPENING);
    StartAttempt();
}

// ------------------------------------------------------------------------------------------
// Messages
// ------------------------------------------------------------------------------------------

std::string
HostFirmware::MakePayload(uint32_t seq) const
{
    std::string payload = "m" + std::to_string(seq) + ":";
    while (payload.size() < m_messageSize)
    {
        payload.push_back(static_cast<char>('a' + payload.size() % 26));
    }
    payload.resize(m_messageSize);
    return payload;
}

void
HostFirmware::CheckConnectedThenSend()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    const HostFirmwareProfile& p = GetProfile();
    if (p.driver != HostFirmwareProfile::TINYGSM)
    {
        SendMessage();
        return;
    }
    // TinyGSM ignores +QSSLURC: connected() asks AT+QSSLSTATE=1,<mux> (two parameters, sic).
    Command c;
    c.text = "AT+QSSLSTATE=1," + std::to_string(p.connectId);
    c.timeout = p.commandTimeout;
    const uint64_t generation = m_generation;
    c.done = [this, generation](const Reply& r)
    {
        if (generation != m_generation || m_state != CONNECTED)
        {
            return;
        }
        bool connected = false;
        for (const auto& line : r.info)
        {
            const std::vector<std::string> f = SplitFields(line);
            if (StartsWith(line, "+QSSLSTATE: ") && f.size() >= 6 && f[5] == "2")
            {
                connected = true;
            }
        }
        if (!r.IsOk() || !connected)
        {
            m_peerClosedTrace(m_record.attempt);
            ConnectionLost(HostFirmwareRecord::CLOSED_BY_PEER, r.GetCmeError());
            return;
        }
        SendMessage();
    };
    Issue(std::move(c));
}

void
HostFirmware::SendMessage()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    if (m_messageCount > 0 && m_seq >= m_messageCount)
    {
        CloseByHost(); // the last echo never came: close at the next period anyway
        return;
    }
    const uint32_t seq = ++m_seq;
    const std::string payload = MakePayload(seq);
    m_issuedBytes += payload.size();
    if (m_expectEcho)
    {
        m_outstanding.push_back({seq, Simulator::Now(), m_issuedBytes});
    }
    const uint32_t chunk = GetProfile().maxChunk;
    for (size_t off = 0; off < payload.size(); off += chunk)
    {
        IssueChunk(seq,
                   payload.substr(off, chunk),
                   off + chunk >= payload.size(),
                   static_cast<uint32_t>(payload.size()));
    }
    m_messageEvent =
        Simulator::Schedule(m_messagePeriod, &HostFirmware::CheckConnectedThenSend, this);
    if (GetProfile().pollInterval.IsStrictlyPositive() && m_expectEcho && !m_pollEvent.IsRunning())
    {
        m_pollEvent = Simulator::Schedule(GetProfile().pollInterval, &HostFirmware::Poll, this);
    }
}

void
HostFirmware::IssueChunk(uint32_t seq, std::string chunk, bool last, uint32_t size)
{
    const HostFirmwareProfile& p = GetProfile();
    const std::string id = std::to_string(p.connectId);
    const std::string len = std::to_string(chunk.size());
    Command c;
    c.timeout = p.sendTimeout;
    switch (p.driver)
    {
        case HostFirmwareProfile::TINYGSM:
            c.text = "AT+QSSLSEND=" + id + "," + len;
            c.mode = AFTER_PROMPT;
            c.payload = chunk;
            break;
        case HostFirmwareProfile::ZEPHYR_BG9X:
            c.text = "AT+QSSLSEND=" + id + "," + len;
            c.mode = AFTER_DELAY;
            c.payload = chunk;
            break;
        case HostFirmwareProfile::ESP_ML307:
            c.text = "AT+MIPSEND=" + id + "," + len + "," + ToHex(chunk);
            c.urcPrefix = "+MIPSEND: " + id + ",";
            c.urcTimeout = p.sendTimeout;
            break;
        case HostFirmwareProfile::RT_THREAD_ML307:
            c.text = "AT+MIPSEND=" + id + "," + len;
            c.mode = AFTER_PROMPT;
            c.payload = chunk;
            c.urcPrefix = "+MIPSEND: " + id + ",";
            c.urcTimeout = p.sendTimeout;
            break;
    }
    const uint64_t generation = m_generation;
    const uint32_t bytes = static_cast<uint32_t>(chunk.size());
    c.done = [this, generation, seq, last, size, bytes](const Reply& r)
    {
        if (generation != m_generation || m_state != CONNECTED)
        {
            return;
        }
        if (!r.IsOk())
        {
            ConnectionLost(HostFirmwareRecord::SEND_FAILED, r.GetCmeError());
            return;
        }
        m_record.bytesSent += bytes;
        if (!last)
        {
            return;
        }
        m_messageSentTrace(seq, size);
        if (!m_expectEcho && MessageEchoed(seq, Seconds(0)))
        {
            CloseByHost();
        }
    };
    Issue(std::move(c));
}

void
HostFirmware::IssueRead(uint32_t length)
{
    const HostFirmwareProfile& p = GetProfile();
    Command c;
    c.text = "AT+QSSLRECV=" + std::to_string(p.connectId) + "," + std::to_string(length);
    c.timeout = p.commandTimeout;
    const uint64_t generation = m_generation;
    const uint64_t before = m_rxBytes;
    c.done = [this, generation, before, length](const Reply& r)
    {
        if (generation != m_generation || m_state != CONNECTED || !r.IsOk())
        {
            return;
        }
        // A full buffer may hold more.
        if (length > 0 && m_rxBytes - before >= length)
        {
            IssueRead(length);
        }
    };
    Issue(std::move(c));
}

void
HostFirmware::Poll()
{
    if (m_state != CONNECTED || m_outstanding.empty())
    {
        return;
    }
    // TinyGSM: AT+QSSLRECV=<mux>,0 tells how much is unread, then read it.
    const HostFirmwareProfile& p = GetProfile();
    Command c;
    c.text = "AT+QSSLRECV=" + std::to_string(p.connectId) + ",0";
    c.timeout = p.commandTimeout;
    const uint64_t generation = m_generation;
    c.done = [this, generation](const Reply& r)
    {
        if (generation != m_generation || m_state != CONNECTED)
        {
            return;
        }
        for (const auto& line : r.info)
        {
            const std::vector<std::string> f = SplitFields(line);
            if (StartsWith(line, "+QSSLRECV: ") && f.size() >= 3)
            {
                const int64_t unread = ToInt(f[2]);
                if (unread > 0)
                {
                    IssueRead(static_cast<uint32_t>(std::min<int64_t>(unread, 1500)));
                }
            }
        }
        if (!m_outstanding.empty())
        {
            m_pollEvent = Simulator::Schedule(GetProfile().pollInterval, &HostFirmware::Poll, this);
        }
    };
    Issue(std::move(c));
}

bool
HostFirmware::MessageEchoed(uint32_t seq, Time latency)
{
    m_record.messagesEchoed++;
    m_messageEchoedTrace(seq, latency);
    return m_messageCount > 0 && seq >= m_messageCount;
}

void
HostFirmware::DataReceived(const std::string& data)
{
    if (m_state != CONNECTED)
    {
        return;
    }
    m_rxBytes += data.size();
    while (!m_outstanding.empty() && m_rxBytes >= m_outstanding.front().endByte)
    {
        const Outstanding done = m_outstanding.front();
        m_outstanding.pop_front();
        if (MessageEchoed(done.seq, Simulator::Now() - done.sentAt))
        {
            // Not from inside the byte callback of the read's reply.
            m_messageEvent.Cancel();
            m_messageEvent = Simulator::ScheduleNow(&HostFirmware::CloseByHost, this);
        }
    }
}

void
HostFirmware::ConnectionLost(HostFirmwareRecord::Outcome outcome, int32_t errorCode)
{
    if (m_state != CONNECTED)
    {
        return;
    }
    m_record.outcome = outcome;
    m_record.errorCode = errorCode;
    m_record.bytesReceived = m_rxBytes;
    CloseConnection(WAITING);
}

void
HostFirmware::CloseByHost()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    m_record.outcome = HostFirmwareRecord::CLOSED_BY_HOST;
    CloseConnection(DONE);
}

void
HostFirmware::CloseConnection(State after)
{
    m_messageEvent.Cancel();
    m_pollEvent.Cancel();
    ++m_generation;
    m_queue.clear();
    SwitchToState(CLOSING);
    Command c = MakeCloseCommand();
    const uint64_t generation = m_generation;
    c.done = [this, generation, after](const Reply&)
    {
        if (generation != m_generation)
        {
            return;
        }
        EndAttempt();
        SwitchToState(after);
        if (after == WAITING)
        {
            ScheduleRetry();
        }
    };
    Issue(std::move(c));
}

} // namespace lpwa
} // namespace ns3
