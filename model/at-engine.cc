/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-engine.h"

#include "at-command-parser.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaAtEngine");
NS_OBJECT_ENSURE_REGISTERED(AtEngine);

namespace
{

constexpr uint8_t CTRL_Z = 0x1A;
constexpr uint8_t ESC = 0x1B;

/// Baud rates accepted by AT+IPR (BG95 AT Commands Manual, AT+IPR).
const std::vector<uint32_t> g_baudRates =
    {4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 3000000};

/// Default S-register values (V.25ter 6.2; S12 per the BG95 AT Commands Manual).
void
DefaultSRegisters(uint8_t* s)
{
    for (int i = 0; i < 13; ++i)
    {
        s[i] = 0;
    }
    s[3] = 13;
    s[4] = 10;
    s[5] = 8;
    s[6] = 2;
    s[7] = 0;
    s[8] = 2;
    s[10] = 15;
    s[12] = 50;
}

} // namespace

TypeId
AtEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::AtEngine")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<AtEngine>()
            .AddAttribute("ProcessingTime",
                          "Time from the end of a command line (or from the previous command of "
                          "the line) until the module acts on a command, when the command "
                          "registers no time of its own.",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&AtEngine::m_processingTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxLineLength",
                          "Longest command line accepted (characters after AT); a longer line "
                          "is answered with ERROR.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&AtEngine::m_maxLine),
                          MakeUintegerChecker<uint32_t>(2))
            .AddAttribute("CmeeDefault",
                          "AT+CMEE mode after power-on, AT&F and ATZ (0, 1 or 2).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&AtEngine::m_defaultCmee),
                          MakeUintegerChecker<uint8_t>(0, 2))
            .AddAttribute("DataInputTimeout",
                          "Silence after which a `>` data input (variable or fixed length) is "
                          "abandoned.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&AtEngine::m_inputTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Manufacturer",
                          "Manufacturer reported by ATI, AT+GMI and AT+CGMI.",
                          StringValue("Quectel"),
                          MakeStringAccessor(&AtEngine::m_manufacturer),
                          MakeStringChecker())
            .AddAttribute("Model",
                          "Model reported by ATI, AT+GMM and AT+CGMM.",
                          StringValue("BG95-M3"),
                          MakeStringAccessor(&AtEngine::m_model),
                          MakeStringChecker())
            .AddAttribute("Revision",
                          "Firmware revision reported by ATI, AT+GMR and AT+CGMR.",
                          StringValue("BG95M3LAR02A03"),
                          MakeStringAccessor(&AtEngine::m_revision),
                          MakeStringChecker())
            .AddTraceSource("StateTransition",
                            "The data-mode state changed: old state, new state.",
                            MakeTraceSourceAccessor(&AtEngine::m_stateTrace),
                            "ns3::lpwa::AtEngine::StateTransitionTracedCallback")
            .AddTraceSource("CommandLine",
                            "A complete command line was received.",
                            MakeTraceSourceAccessor(&AtEngine::m_commandTrace),
                            "ns3::lpwa::AtEngine::CommandTracedCallback")
            .AddTraceSource("FinalResult",
                            "A final result code was sent (OK, ERROR, +CME ERROR: n, ...).",
                            MakeTraceSourceAccessor(&AtEngine::m_responseTrace),
                            "ns3::lpwa::AtEngine::CommandTracedCallback")
            .AddTraceSource("Urc",
                            "An unsolicited result code was sent to the host.",
                            MakeTraceSourceAccessor(&AtEngine::m_urcTrace),
                            "ns3::lpwa::AtEngine::CommandTracedCallback");
    return tid;
}

AtEngine::AtEngine()
{
    NS_LOG_FUNCTION(this);
    DefaultSRegisters(m_s);
}

AtEngine::~AtEngine()
{
    NS_LOG_FUNCTION(this);
}

void
AtEngine::DoDispose()
{
    m_commandEvent.Cancel();
    m_inputTimer.Cancel();
    m_escapeEvent.Cancel();
    m_commands.clear();
    m_onlineHandler = nullptr;
    m_inputDone = nullptr;
    m_transparent = TransparentHooks();
    m_uart = nullptr;
    Object::DoDispose();
}

const StateTransitionTable<AtEngine::State>&
AtEngine::GetTransitionTable()
{
    static const StateTransitionTable<State> table(
        {"COMMAND", "EXECUTING", "PROMPT_INPUT", "FIXED_INPUT", "UPLOAD", "TRANSPARENT"},
        {{COMMAND, EXECUTING},
         {EXECUTING, COMMAND},
         {EXECUTING, PROMPT_INPUT},
         {EXECUTING, FIXED_INPUT},
         {EXECUTING, UPLOAD},
         {PROMPT_INPUT, EXECUTING},
         {FIXED_INPUT, EXECUTING},
         {UPLOAD, EXECUTING},
         {EXECUTING, TRANSPARENT},
         {TRANSPARENT, COMMAND}});
    return table;
}

std::string
AtEngine::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

void
AtEngine::SwitchToState(State next)
{
    if (next == m_state)
    {
        return;
    }
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("AtEngine: transition " << GetStateName(m_state) << " -> "
                                               << GetStateName(next)
                                               << " is not in the transition table");
    }
    NS_LOG_LOGIC("state " << GetStateName(m_state) << " -> " << GetStateName(next));
    const State old = m_state;
    m_state = next;
    m_stateTrace(old, next);
}

void
AtEngine::Attach(Ptr<UartChannel> uart)
{
    NS_LOG_FUNCTION(this << uart);
    m_uart = uart;
    m_uart->SetReceiveCallback(UartChannel::MODULE, MakeCallback(&AtEngine::ReceiveByte, this));
    m_uart->SetDtrCallback(MakeCallback(&AtEngine::DtrChanged, this));
    m_dtrHigh = m_uart->GetDtrLevel();
}

Ptr<UartChannel>
AtEngine::GetUart() const
{
    return m_uart;
}

void
AtEngine::RegisterCommand(const std::string& name, CommandHandler handler, Time processingTime)
{
    if (name.size() < 2 || (name[0] != '+' && name[0] != '$' && name[0] != '^'))
    {
        NS_FATAL_ERROR("AtEngine::RegisterCommand: \"" << name
                                                       << "\" is not an extended command name");
    }
    m_commands[name] = Registration{std::move(handler), processingTime};
}

bool
AtEngine::IsRegistered(const std::string& name) const
{
    return m_commands.count(name) > 0;
}

void
AtEngine::SetOnlineHandler(std::function<bool()> resume)
{
    m_onlineHandler = std::move(resume);
}

AtEngine::State
AtEngine::GetState() const
{
    return m_state;
}

bool
AtEngine::IsBusy() const
{
    return m_state != COMMAND;
}

uint8_t
AtEngine::GetCmeeMode() const
{
    return m_cmee;
}

uint8_t
AtEngine::GetDtrMode() const
{
    return m_dtrMode;
}

bool
AtEngine::IsEchoEnabled() const
{
    return m_echo;
}

void
AtEngine::Emit(const std::string& bytes)
{
    if (bytes.empty())
    {
        return;
    }
    if (!m_uart)
    {
        NS_LOG_WARN("no UART attached; dropping " << bytes.size() << " bytes");
        return;
    }
    m_uart->Send(UartChannel::MODULE, bytes);
}

// ------------------------------------------------------------------------------------------
// Input
// ------------------------------------------------------------------------------------------

void
AtEngine::ReceiveByte(uint8_t byte)
{
    if (!m_powered)
    {
        NS_LOG_LOGIC("byte " << int(byte) << " ignored: the module is off");
        return;
    }
    // V.250 5.2.1: the command line ends at S3 and what follows it before the next "AT" is
    // not part of it. The LF of a CR LF terminator therefore never becomes data when the
    // command opens a prompt, an upload or transparent mode: drivers end every command with
    // CR LF (TinyGSM, Zephyr, esp-ml307, RT-Thread). It is the terminator's LF if it arrives
    // while the command is still executing (before the prompt or CONNECT), or right behind the
    // CR on the line (the next byte time). An LF the host sends later, after the prompt, is
    // data. Command mode keeps its own rule (an LF that starts a line is ignored).
    // Only an LF right after S3 asks for the time, so ordinary bytes cost nothing extra.
    const bool lfOfCrLf =
        m_afterS3 && byte == '\n' && m_state != COMMAND &&
        (m_state == EXECUTING ||
         (m_uart && Simulator::Now() - m_s3Arrival <= m_uart->GetByteTime() + NanoSeconds(1)));
    m_afterS3 = false;
    if (lfOfCrLf)
    {
        if (m_echo)
        {
            Emit(std::string(1, '\n'));
        }
        NS_LOG_LOGIC("LF after the command line's S3 ignored in state " << GetStateName(m_state));
        return;
    }
    switch (m_state)
    {
        case COMMAND:
            ReceiveCommandByte(byte);
            break;
        case EXECUTING:
            m_pending.push_back(byte);
            break;
        case PROMPT_INPUT:
            if (m_echo)
            {
                Emit(std::string(1, static_cast<char>(byte)));
            }
            if (byte == CTRL_Z)
            {
                FinishInput(m_inputOverflow ? INPUT_OVERFLOW : INPUT_SEND);
            }
            else if (byte == ESC)
            {
                FinishInput(INPUT_CANCEL);
            }
            else
            {
                if (m_input.size() < m_inputLimit)
                {
                    m_input.push_back(static_cast<char>(byte));
                }
                else
                {
                    m_inputOverflow = true;
                }
                RestartInputTimer();
            }
            break;
        case FIXED_INPUT:
        case UPLOAD:
            if (m_state == FIXED_INPUT && m_echo)
            {
                Emit(std::string(1, static_cast<char>(byte)));
            }
            m_input.push_back(static_cast<char>(byte));
            if (m_input.size() >= m_inputLimit)
            {
                FinishInput(INPUT_SEND);
            }
            else if (m_state == FIXED_INPUT)
            {
                RestartInputTimer();
            }
            break;
        case TRANSPARENT:
            ReceiveTransparentByte(byte);
            break;
        default:
            NS_FATAL_ERROR("AtEngine: byte received in unknown state " << m_state);
    }
}

void
AtEngine::ReceiveCommandByte(uint8_t byte)
{
    if (byte == m_s[3])
    {
        if (m_echo)
        {
            Emit(std::string(1, static_cast<char>(byte)));
        }
        m_afterS3 = true;
        m_s3Arrival = Simulator::Now();
        std::string line;
        line.swap(m_line);
        const bool overflow = m_lineOverflow;
        m_lineOverflow = false;
        if (overflow)
        {
            m_commandTrace(line);
            SwitchToState(EXECUTING);
            m_commandEvent = Simulator::Schedule(m_processingTime,
                                                 [this]()
                                                 {
                                                     m_commandActive = true;
                                                     FinishError();
                                                 });
            return;
        }
        // An empty line (or only spaces) is ignored, as V.25ter says.
        if (line.find_first_not_of(' ') == std::string::npos)
        {
            return;
        }
        ExecuteLine(line);
        return;
    }
    if (byte == m_s[5])
    {
        if (m_echo)
        {
            Emit(std::string(1, static_cast<char>(byte)));
        }
        if (!m_line.empty())
        {
            m_line.pop_back();
        }
        return;
    }
    if (byte == CTRL_Z || byte == ESC || byte == 0)
    {
        // Stray data-mode terminators (some drivers send CTRL+Z after fixed-length data).
        NS_LOG_LOGIC("ignoring control byte " << static_cast<int>(byte) << " in command mode");
        return;
    }
    if (m_echo)
    {
        Emit(std::string(1, static_cast<char>(byte)));
    }
    if (byte == '\n' && m_line.empty())
    {
        // The LF of a CR LF terminator. S4 only formats responses (V.250 6.2.3), so the byte
        // is a literal line feed whatever ATS4 says.
        return;
    }
    if (byte == '/' && m_line.size() == 1 && (m_line[0] == 'A' || m_line[0] == 'a'))
    {
        // A/ repeats the previous command line at once.
        m_line.clear();
        if (m_lastLine.empty())
        {
            return;
        }
        ExecuteLine(m_lastLine);
        return;
    }
    if (m_line.size() >= m_maxLine + 2)
    {
        m_lineOverflow = true;
        return;
    }
    m_line.push_back(static_cast<char>(byte));
}

void
AtEngine::ExecuteLine(const std::string& line)
{
    NS_LOG_FUNCTION(this << line);
    m_commandTrace(line);
    SwitchToState(EXECUTING);
    m_infoStarted = false;
    // Leading spaces before the prefix are tolerated.
    const size_t start = line.find_first_not_of(' ');
    const std::string text = line.substr(start);
    std::string error;
    const bool prefixOk = text.size() >= 2 && ((text[0] == 'A' && text[1] == 'T') ||
                                               (text[0] == 'a' && text[1] == 't'));
    m_queue.clear();
    m_next = 0;
    if (!prefixOk || !AtCommandParser::Parse(text.substr(2), m_queue, error))
    {
        NS_LOG_LOGIC("rejecting line \""
                     << line << "\": " << (prefixOk ? error : std::string("no AT prefix")));
        m_queue.clear();
        m_commandEvent = Simulator::Schedule(m_processingTime,
                                             [this]()
                                             {
                                                 m_commandActive = true;
                                                 FinishError();
                                             });
        return;
    }
    m_lastLine = text;
    if (m_queue.empty())
    {
        m_commandEvent = Simulator::Schedule(m_processingTime,
                                             [this]()
                                             {
                                                 m_commandActive = true;
                                                 FinishOk();
                                             });
        return;
    }
    RunNextCommand();
}

void
AtEngine::RunNextCommand()
{
    if (m_next >= m_queue.size())
    {
        EndLine("OK", false);
        return;
    }
    const AtCommand& command = m_queue[m_next++];
    Time delay = m_processingTime;
    auto it = m_commands.find(command.GetName());
    if (!command.IsBasic() && it != m_commands.end() && !it->second.processingTime.IsNegative())
    {
        delay = it->second.processingTime;
    }
    const size_t index = m_next - 1;
    m_commandEvent = Simulator::Schedule(delay,
                                         [this, index]()
                                         {
                                             const AtCommand command = m_queue[index];
                                             RunCommand(command);
                                         });
}

void
AtEngine::RunCommand(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    m_commandActive = true;
    m_infoStarted = false;
    if (command.IsBasic())
    {
        RunBasicCommand(command);
        return;
    }
    auto it = m_commands.find(command.GetName());
    if (it != m_commands.end())
    {
        it->second.handler(command);
        return;
    }
    RunBuiltinExtended(command);
}

bool
AtEngine::RunBasicCommand(const AtCommand& command)
{
    const std::string& name = command.GetName();
    const int64_t value = command.GetBasicValue();
    auto binary = [&](bool& setting)
    {
        if (value > 1)
        {
            FinishError();
            return;
        }
        setting = value == 1;
        FinishOk();
    };
    // AT&D and AT&C: a mode from 0 (also when omitted) to `max`.
    auto mode = [&](uint8_t& setting, int64_t max)
    {
        if (value > max)
        {
            FinishError();
            return;
        }
        setting = static_cast<uint8_t>(value < 0 ? 0 : value);
        FinishOk();
    };
    if (name == "E")
    {
        binary(m_echo);
    }
    else if (name == "V")
    {
        binary(m_verbose);
    }
    else if (name == "Q")
    {
        binary(m_quiet);
    }
    else if (name == "I")
    {
        if (value > 0)
        {
            FinishError();
            return true;
        }
        SendInfo(m_manufacturer);
        SendInfo(m_model);
        SendInfo("Revision: " + m_revision);
        FinishOk();
    }
    else if (name == "Z" || name == "&F")
    {
        if (value > 0)
        {
            FinishError();
            return true;
        }
        ResetSettings();
        FinishOk();
    }
    else if (name == "&W")
    {
        // The model keeps no non-volatile profile: AT&W is accepted and changes nothing.
        value > 0 ? FinishError() : FinishOk();
    }
    else if (name == "&D")
    {
        mode(m_dtrMode, 2);
    }
    else if (name == "&C")
    {
        mode(m_dcdMode, 1);
    }
    else if (name == "O")
    {
        if (value > 0)
        {
            FinishError();
            return true;
        }
        if (!m_onlineHandler || !m_onlineHandler())
        {
            FinishResult("NO CARRIER");
        }
    }
    else if (name == "H")
    {
        FinishOk(); // no circuit-switched call to hang up
    }
    else if (name == "S")
    {
        const int64_t reg = value;
        if (reg < 0 || reg > 12)
        {
            FinishError();
            return true;
        }
        if (command.GetForm() == AtCommand::READ)
        {
            char text[8];
            std::snprintf(text, sizeof(text), "%03u", m_s[reg]);
            SendInfo(text);
            FinishOk();
            return true;
        }
        if (command.GetForm() != AtCommand::WRITE)
        {
            FinishError();
            return true;
        }
        int64_t v = 0;
        const int64_t max = (reg == 3 || reg == 4 || reg == 5) ? 127 : 255;
        const AtParameter& p = command.GetParameter(0);
        if (p.IsOmitted())
        {
            v = 0;
        }
        else if (!p.GetInteger(v, 0, max))
        {
            FinishError();
            return true;
        }
        m_s[reg] = static_cast<uint8_t>(v);
        FinishOk();
    }
    else
    {
        // A (answer), D (dial) and other V.25ter basic commands do not apply to a data module.
        FinishError();
    }
    return true;
}

void
AtEngine::RunBuiltinExtended(const AtCommand& command)
{
    const std::string& name = command.GetName();
    const AtCommand::Form form = command.GetForm();
    auto identification = [&](const std::string& text)
    {
        if (form == AtCommand::TEST)
        {
            FinishOk();
        }
        else if (form == AtCommand::EXECUTE)
        {
            SendInfo(text);
            FinishOk();
        }
        else
        {
            FinishError();
        }
    };
    if (name == "+CMEE")
    {
        if (form == AtCommand::TEST)
        {
            SendInfo("+CMEE: (0-2)");
            FinishOk();
        }
        else if (form == AtCommand::READ)
        {
            SendInfo("+CMEE: " + std::to_string(m_cmee));
            FinishOk();
        }
        else if (form == AtCommand::WRITE)
        {
            int64_t v = 0;
            const AtParameter& p = command.GetParameter(0);
            if (command.GetParameterCount() > 1 || (!p.IsOmitted() && !p.GetInteger(v, 0, 2)))
            {
                FinishError();
                return;
            }
            m_cmee = static_cast<uint8_t>(v);
            FinishOk();
        }
        else
        {
            FinishError();
        }
    }
    else if (name == "+GMI" || name == "+CGMI")
    {
        identification(m_manufacturer);
    }
    else if (name == "+GMM" || name == "+CGMM")
    {
        identification(m_model);
    }
    else if (name == "+GMR" || name == "+CGMR")
    {
        identification(m_revision);
    }
    else if (name == "+IPR")
    {
        if (form == AtCommand::TEST)
        {
            std::string list;
            for (auto rate : g_baudRates)
            {
                list += (list.empty() ? "" : ",") + std::to_string(rate);
            }
            SendInfo("+IPR: (0)," + std::string("(") + list + ")");
            FinishOk();
        }
        else if (form == AtCommand::READ)
        {
            UintegerValue baud;
            m_uart->GetAttribute("BaudRate", baud);
            SendInfo("+IPR: " + std::to_string(baud.Get()));
            FinishOk();
        }
        else if (form == AtCommand::WRITE)
        {
            int64_t rate = 0;
            if (!command.GetParameter(0).GetInteger(rate, 0, 4000000) ||
                command.GetParameterCount() > 1 ||
                (rate != 0 &&
                 std::find(g_baudRates.begin(), g_baudRates.end(), rate) == g_baudRates.end()))
            {
                FinishError();
                return;
            }
            FinishOk();
            if (rate != 0 && m_uart)
            {
                // The new rate applies once the OK has left the module at the old rate.
                const Time drain =
                    m_uart->GetTransmitTime(m_uart->GetQueuedBytes(UartChannel::MODULE));
                Ptr<UartChannel> uart = m_uart;
                Simulator::Schedule(drain,
                                    [uart, rate]()
                                    {
                                        uart->SetAttribute("BaudRate", UintegerValue(rate));
                                    });
            }
        }
        else
        {
            FinishError();
        }
    }
    else
    {
        NS_LOG_LOGIC("unknown command " << name);
        FinishError();
    }
}

void
AtEngine::PowerOff()
{
    NS_LOG_FUNCTION(this);
    m_commandEvent.Cancel();
    m_inputTimer.Cancel();
    m_escapeEvent.Cancel();
    m_line.clear();
    m_lastLine.clear();
    m_lineOverflow = false;
    m_afterS3 = false;
    m_sawA = false;
    m_pending.clear();
    m_queue.clear();
    m_next = 0;
    m_commandActive = false;
    m_infoStarted = false;
    m_urcs.clear();
    m_inputDone = nullptr;
    m_input.clear();
    m_inputOverflow = false;
    m_transparent = TransparentHooks();
    m_heldPluses = 0;
    if (m_state == PROMPT_INPUT || m_state == FIXED_INPUT || m_state == UPLOAD)
    {
        SwitchToState(EXECUTING);
    }
    if (m_state != COMMAND)
    {
        SwitchToState(COMMAND);
    }
    ResetSettings();
    m_powered = false;
}

void
AtEngine::PowerOn()
{
    NS_LOG_FUNCTION(this);
    m_powered = true;
}

bool
AtEngine::IsPowered() const
{
    return m_powered;
}

void
AtEngine::ResetSettings()
{
    m_echo = true;
    m_verbose = true;
    m_quiet = false;
    m_cmee = m_defaultCmee;
    m_dtrMode = 1;
    m_dcdMode = 1;
    DefaultSRegisters(m_s);
}

// ------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------

std::string
AtEngine::FrameInfo(const std::string& line) const
{
    const std::string eol = GetLineEnd();
    if (!m_verbose)
    {
        return line + eol;
    }
    return (m_infoStarted ? "" : eol) + line + eol;
}

std::string
AtEngine::GetLineEnd() const
{
    // V.250 6.2.2/6.2.3: responses are framed with S3 (CR) and S4 (LF); input never uses S4.
    return std::string{static_cast<char>(m_s[3]), static_cast<char>(m_s[4])};
}

void
AtEngine::SendInfo(const std::string& line)
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::SendInfo(\"" << line << "\") called with no command running");
    }
    Emit(FrameInfo(line));
    m_infoStarted = true;
}

void
AtEngine::SendInfoRaw(const std::string& bytes)
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::SendInfoRaw called with no command running");
    }
    Emit(bytes);
    m_infoStarted = true;
}

void
AtEngine::FinishOk()
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::FinishOk called with no command running");
    }
    m_commandActive = false;
    RunNextCommand();
}

void
AtEngine::FinishError()
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::FinishError called with no command running");
    }
    EndLine("ERROR", true);
}

void
AtEngine::FinishCmeError(uint32_t code)
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::FinishCmeError(" << code << ") called with no command running");
    }
    switch (m_cmee)
    {
        case 0:
            EndLine("ERROR", true);
            break;
        case 1:
            EndLine("+CME ERROR: " + std::to_string(code), true);
            break;
        default:
            EndLine("+CME ERROR: " + GetCmeErrorText(code), true);
            break;
    }
}

void
AtEngine::FinishResult(const std::string& text)
{
    if (!m_commandActive)
    {
        NS_FATAL_ERROR("AtEngine::FinishResult(\"" << text << "\") called with no command running");
    }
    EndLine(text, false);
}

void
AtEngine::EndLine(const std::string& result, bool isError)
{
    NS_LOG_FUNCTION(this << result << isError);
    m_commandActive = false;
    m_queue.clear();
    m_next = 0;
    SendFinal(result);
    m_infoStarted = false;
    SwitchToState(COMMAND);
    FlushUrcs();
    ProcessPendingInput();
}

void
AtEngine::SendFinal(const std::string& text)
{
    m_responseTrace(text);
    if (m_quiet)
    {
        return;
    }
    const std::string eol = GetLineEnd();
    if (m_verbose)
    {
        Emit(eol + text + eol);
        return;
    }
    static const std::map<std::string, std::string> numeric = {{"OK", "0"},
                                                               {"CONNECT", "1"},
                                                               {"RING", "2"},
                                                               {"NO CARRIER", "3"},
                                                               {"ERROR", "4"}};
    auto it = numeric.find(text);
    Emit(it != numeric.end() ? it->second + std::string(1, static_cast<char>(m_s[3])) : text + eol);
}

void
AtEngine::SendUrc(const std::string& text)
{
    if (!m_powered)
    {
        NS_LOG_LOGIC("URC dropped, the module is off: " << text);
        return;
    }
    const std::string eol = GetLineEnd();
    const std::string framed = m_verbose ? eol + text + eol : text + eol;
    if (m_state != COMMAND)
    {
        m_urcs.emplace_back(text, framed);
        return;
    }
    m_urcTrace(text);
    Emit(framed);
}

void
AtEngine::SendUrcWithData(const std::string& text, const std::string& data)
{
    if (!m_powered)
    {
        NS_LOG_LOGIC("URC dropped, the module is off: " << text);
        return;
    }
    // Section 2.1.2 of the manuals: every result code starts and ends with CR LF, so the data
    // of a direct-push URC is followed by CR LF too.
    const std::string eol = GetLineEnd();
    const std::string framed = (m_verbose ? eol + text + eol : text + eol) + data + eol;
    if (m_state != COMMAND)
    {
        m_urcs.emplace_back(text, framed);
        return;
    }
    m_urcTrace(text);
    Emit(framed);
}

void
AtEngine::FlushUrcs()
{
    while (m_state == COMMAND && !m_urcs.empty())
    {
        const auto urc = m_urcs.front();
        m_urcs.pop_front();
        m_urcTrace(urc.first);
        Emit(urc.second);
    }
}

void
AtEngine::ProcessPendingInput()
{
    if (m_processingPending)
    {
        return;
    }
    m_processingPending = true;
    while (!m_pending.empty() && m_state != EXECUTING)
    {
        const uint8_t byte = m_pending.front();
        m_pending.pop_front();
        ReceiveByte(byte);
    }
    m_processingPending = false;
}

// ------------------------------------------------------------------------------------------
// Data input modes
// ------------------------------------------------------------------------------------------

void
AtEngine::BeginPromptInput(uint32_t maxLength, InputCallback done)
{
    if (!m_commandActive || m_state != EXECUTING)
    {
        NS_FATAL_ERROR("AtEngine::BeginPromptInput called with no command running");
    }
    EnterInput(PROMPT_INPUT, maxLength, std::move(done));
    Emit(m_verbose ? GetLineEnd() + "> " : "> ");
    RestartInputTimer();
    ProcessPendingInput();
}

void
AtEngine::BeginFixedInput(uint32_t length, InputCallback done)
{
    if (!m_commandActive || m_state != EXECUTING || length == 0)
    {
        NS_FATAL_ERROR("AtEngine::BeginFixedInput(" << length << ") called with no command "
                                                    << "running or a zero length");
    }
    EnterInput(FIXED_INPUT, length, std::move(done));
    Emit(m_verbose ? GetLineEnd() + "> " : "> ");
    RestartInputTimer();
    ProcessPendingInput();
}

void
AtEngine::BeginUpload(uint32_t length, Time timeout, InputCallback done)
{
    if (!m_commandActive || m_state != EXECUTING || length == 0)
    {
        NS_FATAL_ERROR("AtEngine::BeginUpload(" << length << ") called with no command "
                                                << "running or a zero length");
    }
    EnterInput(UPLOAD, length, std::move(done));
    Emit(m_verbose ? GetLineEnd() + "CONNECT" + GetLineEnd()
                   : "1" + std::string(1, static_cast<char>(m_s[3])));
    m_inputDeadline = Simulator::Now() + timeout;
    m_inputTimer.Cancel();
    m_inputTimer = Simulator::Schedule(timeout, &AtEngine::DataInputTimeout, this);
    ProcessPendingInput();
}

void
AtEngine::EnterInput(State state, uint32_t limit, InputCallback done)
{
    m_inputDone = std::move(done);
    m_input.clear();
    m_inputLimit = limit;
    m_inputOverflow = false;
    SwitchToState(state);
}

void
AtEngine::RestartInputTimer()
{
    // Called for every input byte: move the deadline and keep the pending event when it
    // expires no later than the deadline (DataInputTimeout() re-arms it), rather than
    // cancelling and scheduling one event per byte.
    m_inputDeadline = Simulator::Now() + m_inputTimeout;
    if (m_inputTimer.IsRunning() && Simulator::GetDelayLeft(m_inputTimer) <= m_inputTimeout)
    {
        return;
    }
    m_inputTimer.Cancel();
    m_inputTimer = Simulator::Schedule(m_inputTimeout, &AtEngine::DataInputTimeout, this);
}

void
AtEngine::DataInputTimeout()
{
    NS_LOG_FUNCTION(this);
    if (Simulator::Now() < m_inputDeadline)
    {
        m_inputTimer = Simulator::Schedule(m_inputDeadline - Simulator::Now(),
                                           &AtEngine::DataInputTimeout,
                                           this);
        return;
    }
    if (m_state == PROMPT_INPUT || m_state == FIXED_INPUT || m_state == UPLOAD)
    {
        FinishInput(INPUT_TIMEOUT);
    }
}

void
AtEngine::FinishInput(InputEnd end)
{
    m_inputTimer.Cancel();
    SwitchToState(EXECUTING);
    InputCallback done = std::move(m_inputDone);
    m_inputDone = nullptr;
    std::string data;
    data.swap(m_input);
    done(end, data);
}

// ------------------------------------------------------------------------------------------
// Transparent mode
// ------------------------------------------------------------------------------------------

void
AtEngine::BeginTransparent(TransparentHooks hooks)
{
    if (!m_commandActive || m_state != EXECUTING)
    {
        NS_FATAL_ERROR("AtEngine::BeginTransparent called with no command running");
    }
    m_transparent = std::move(hooks);
    m_commandActive = false;
    m_queue.clear();
    m_next = 0;
    SendFinal("CONNECT");
    m_infoStarted = false;
    SwitchToState(TRANSPARENT);
    m_lastTransparentByte = Simulator::Now();
    m_heldPluses = 0;
    ProcessPendingInput();
}

void
AtEngine::ReceiveTransparentByte(uint8_t byte)
{
    const Time now = Simulator::Now();
    const Time guard = MilliSeconds(20) * m_s[12];
    if (byte == '+')
    {
        if (m_heldPluses == 0)
        {
            if (now - m_lastTransparentByte >= guard)
            {
                m_heldPluses = 1;
                m_firstPlus = now;
                m_escapeEvent.Cancel();
                m_escapeEvent = Simulator::Schedule(guard, &AtEngine::FlushHeldPluses, this);
            }
            else if (m_transparent.toNetwork)
            {
                m_transparent.toNetwork("+");
            }
        }
        else if (m_heldPluses < 3 && now - m_firstPlus <= guard)
        {
            ++m_heldPluses;
            if (m_heldPluses == 3)
            {
                m_escapeEvent.Cancel();
                m_escapeEvent = Simulator::Schedule(guard, &AtEngine::EscapeCheck, this);
            }
        }
        else
        {
            FlushHeldPluses();
            if (m_transparent.toNetwork)
            {
                m_transparent.toNetwork("+");
            }
        }
    }
    else
    {
        if (m_heldPluses > 0)
        {
            FlushHeldPluses();
        }
        if (m_transparent.toNetwork)
        {
            m_transparent.toNetwork(std::string(1, static_cast<char>(byte)));
        }
    }
    m_lastTransparentByte = now;
}

void
AtEngine::FlushHeldPluses()
{
    m_escapeEvent.Cancel();
    if (m_heldPluses > 0 && m_transparent.toNetwork)
    {
        m_transparent.toNetwork(std::string(m_heldPluses, '+'));
    }
    m_heldPluses = 0;
}

void
AtEngine::EscapeCheck()
{
    if (m_state != TRANSPARENT || m_heldPluses != 3)
    {
        return;
    }
    NS_LOG_LOGIC("+++ escape from transparent mode");
    m_heldPluses = 0;
    LeaveTransparent();
}

void
AtEngine::LeaveTransparent()
{
    m_escapeEvent.Cancel();
    m_heldPluses = 0;
    SendFinal("OK");
    SwitchToState(COMMAND);
    auto onEscape = m_transparent.onEscape;
    m_transparent = TransparentHooks();
    if (onEscape)
    {
        onEscape();
    }
    FlushUrcs();
    ProcessPendingInput();
}

void
AtEngine::TransparentOutput(const std::string& bytes)
{
    if (m_state != TRANSPARENT)
    {
        NS_LOG_WARN("TransparentOutput outside transparent mode; " << bytes.size()
                                                                   << " bytes dropped");
        return;
    }
    Emit(bytes);
}

void
AtEngine::EndTransparentNoCarrier()
{
    if (m_state != TRANSPARENT)
    {
        return;
    }
    m_escapeEvent.Cancel();
    m_heldPluses = 0;
    m_transparent = TransparentHooks();
    SendFinal("NO CARRIER");
    SwitchToState(COMMAND);
    FlushUrcs();
    ProcessPendingInput();
}

void
AtEngine::DtrChanged(bool high)
{
    const bool rising = high && !m_dtrHigh;
    m_dtrHigh = high;
    // BG95 manual: "Change MAIN_DTR from LOW to HIGH to make the module enter command mode"
    // (with AT&D1 set before entering transparent mode). AT&D2 is treated the same way.
    if (rising && m_state == TRANSPARENT && m_dtrMode >= 1)
    {
        NS_LOG_LOGIC("DTR low-to-high: leaving transparent mode");
        LeaveTransparent();
    }
}

std::string
AtEngine::GetCmeErrorText(uint32_t code)
{
    static const std::map<uint32_t, std::string> texts = {
        // 3GPP TS 27.007 9.2.1
        {0, "phone failure"},
        {1, "no connection to phone"},
        {3, "operation not allowed"},
        {4, "operation not supported"},
        {10, "SIM not inserted"},
        {13, "SIM failure"},
        {14, "SIM busy"},
        {23, "memory failure"},
        {30, "no network service"},
        {31, "network timeout"},
        {50, "incorrect parameters"},
        {100, "unknown"},
        // Quectel FILE application note
        {400, "invalid input value"},
        {401, "larger than the size of the file"},
        {402, "read zero byte"},
        {403, "drive full"},
        {405, "file not found"},
        {406, "invalid file name"},
        {407, "file already existed"},
        {409, "fail to write the file"},
        {410, "fail to open the file"},
        {411, "fail to read the file"},
        {413, "reach the max number of file allowed to be opened"},
        {414, "the file read-only"},
        {416, "invalid file descriptor"},
        {417, "fail to list the file"},
        {418, "fail to delete the file"},
        {419, "fail to get disk info"},
        {420, "no space"},
        {421, "time out"},
        {423, "file too large"},
        {425, "invalid parameter"},
        {426, "file already opened"},
        // Quectel TCP/IP and SSL (Table 5 of the SSL application note)
        {550, "Unknown error"},
        {551, "Operation blocked"},
        {552, "Invalid parameter"},
        {553, "Memory not enough"},
        {554, "Create socket failed"},
        {555, "Operation not supported"},
        {556, "Socket bind failed"},
        {557, "Socket listen failed"},
        {558, "Socket write failed"},
        {559, "Socket read failed"},
        {560, "Socket accept failed"},
        {561, "Open PDP context failed"},
        {562, "Close PDP context failed"},
        {563, "Socket identity has been used"},
        {564, "DNS busy"},
        {565, "DNS parse failed"},
        {566, "Socket connection failed"},
        {567, "Socket has been closed"},
        {568, "Operation busy"},
        {569, "Operation timeout"},
        {570, "PDP context break down"},
        {571, "Cancel send"},
        {572, "Operation not allowed"},
        {573, "APN not configured"},
        {574, "Port busy"},
    };
    auto it = texts.find(code);
    return it != texts.end() ? it->second : std::string("Unknown error");
}

} // namespace lpwa
} // namespace ns3
