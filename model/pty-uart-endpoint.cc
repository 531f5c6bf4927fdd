/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pty-uart-endpoint.h"

#include "pty-master-reader.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaPtyUartEndpoint");
NS_OBJECT_ENSURE_REGISTERED(PtyUartEndpoint);

namespace
{

/// "what: strerror(errno)".
std::string
SystemError(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

} // namespace

TypeId
PtyUartEndpoint::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::PtyUartEndpoint")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<PtyUartEndpoint>()
            .AddAttribute("LinkPath",
                          "If not empty, Open() also creates a symlink here to the PTY slave "
                          "(replacing an old symlink, never another file) and Close() removes "
                          "it.",
                          StringValue(""),
                          MakeStringAccessor(&PtyUartEndpoint::m_linkPath),
                          MakeStringChecker())
            .AddAttribute("OutputBufferSize",
                          "Module bytes held for a program that does not read, once the "
                          "kernel's PTY buffer is full; bytes beyond are dropped (OutputDropped). "
                          "Default: Linux's N_TTY receive buffer, 4096 bytes.",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&PtyUartEndpoint::m_outputBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("InputBufferSize",
                          "Bytes read from the PTY and not yet delivered to the module, at "
                          "most; beyond, reading pauses and the kernel's PTY buffer holds them. "
                          "Default: Linux's N_TTY receive buffer, 4096 bytes.",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&PtyUartEndpoint::m_inputBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PollInterval",
                          "How often the endpoint checks whether a program holds the PTY, the "
                          "B0 (DTR) setting, and retries output the PTY did not take.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&PtyUartEndpoint::m_pollInterval),
                          MakeTimeChecker(MicroSeconds(100)))
            .AddAttribute("DtrFollowsOpen",
                          "Drive the UART's DTR from the PTY: asserted while a program holds "
                          "the slave open with an output speed other than B0.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PtyUartEndpoint::m_dtrFollowsOpen),
                          MakeBooleanChecker())
            .AddTraceSource("StateTransition",
                            "The state changed: previous and new state.",
                            MakeTraceSourceAccessor(&PtyUartEndpoint::m_stateTrace),
                            "ns3::lpwa::PtyUartEndpoint::StateTransitionTracedCallback")
            .AddTraceSource("OutputDropped",
                            "A module byte was dropped because OutputBufferSize was full: the "
                            "byte and the total dropped so far.",
                            MakeTraceSourceAccessor(&PtyUartEndpoint::m_droppedTrace),
                            "ns3::lpwa::PtyUartEndpoint::OutputDroppedTracedCallback");
    return tid;
}

PtyUartEndpoint::PtyUartEndpoint()
    : m_inFlight(std::make_shared<std::atomic<uint64_t>>(0))
{
    NS_LOG_FUNCTION(this);
}

PtyUartEndpoint::~PtyUartEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
PtyUartEndpoint::DoDispose()
{
    Close();
    if (m_uart)
    {
        m_uart->SetReceiveCallback(UartChannel::HOST, MakeNullCallback<void, uint8_t>());
        m_uart->TraceDisconnectWithoutContext(
            "HostToModule",
            MakeCallback(&PtyUartEndpoint::DeliveredToModule, this));
    }
    m_uart = nullptr;
    Object::DoDispose();
}

const StateTransitionTable<PtyUartEndpoint::State>&
PtyUartEndpoint::GetTransitionTable()
{
    static const StateTransitionTable<State> table({"CLOSED", "DETACHED", "ATTACHED"},
                                                   {
                                                       {CLOSED, DETACHED},   // Open()
                                                       {DETACHED, ATTACHED}, // a program opened
                                                       {ATTACHED, DETACHED}, // it closed
                                                       {DETACHED, CLOSED},   // Close()
                                                       {ATTACHED, CLOSED},   // Close()
                                                   });
    return table;
}

std::string
PtyUartEndpoint::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

PtyUartEndpoint::State
PtyUartEndpoint::GetState() const
{
    return m_state;
}

void
PtyUartEndpoint::SwitchToState(State next)
{
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyUartEndpoint: illegal transition "
                       << GetStateName(m_state) << " -> " << GetStateName(next));
    }
    NS_LOG_LOGIC(GetStateName(m_state) << " -> " << GetStateName(next));
    const State previous = m_state;
    m_state = next;
    m_stateTrace(previous, next);
}

void
PtyUartEndpoint::SetUart(Ptr<UartChannel> uart, uint32_t context)
{
    NS_LOG_FUNCTION(this << uart << context);
    if (!uart)
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyUartEndpoint::SetUart: uart is null");
    }
    if (m_state != CLOSED)
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyUartEndpoint::SetUart: the endpoint is open (" << m_slavePath
                                                                                     << ")");
    }
    m_uart = uart;
    m_context = context;
    m_uart->SetReceiveCallback(UartChannel::HOST,
                               MakeCallback(&PtyUartEndpoint::ReceiveFromModule, this));
    m_uart->TraceConnectWithoutContext("HostToModule",
                                       MakeCallback(&PtyUartEndpoint::DeliveredToModule, this));
}

bool
PtyUartEndpoint::Open(std::string& error)
{
    NS_LOG_FUNCTION(this);
    if (!m_uart)
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyUartEndpoint::Open: call SetUart() first");
    }
    if (m_state != CLOSED)
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyUartEndpoint::Open: already open (" << m_slavePath << ")");
    }
    const int fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
    {
        error = SystemError("posix_openpt");
        return false;
    }
    if (grantpt(fd) != 0 || unlockpt(fd) != 0)
    {
        error = SystemError("grantpt/unlockpt");
        close(fd);
        return false;
    }
    char name[128];
    if (ptsname_r(fd, name, sizeof(name)) != 0)
    {
        error = SystemError("ptsname_r");
        close(fd);
        return false;
    }
    // Raw line (on Linux the master's termios calls act on the slave): no echo of the module's
    // output back into the module, no CR/LF translation, 8 bits.
    struct termios raw;
    if (tcgetattr(fd, &raw) != 0)
    {
        error = SystemError("tcgetattr");
        close(fd);
        return false;
    }
    cfmakeraw(&raw);
    cfsetspeed(&raw, B115200);
    if (tcsetattr(fd, TCSANOW, &raw) != 0)
    {
        error = SystemError("tcsetattr");
        close(fd);
        return false;
    }
    // Open and close the slave once: from then on the master reports a hang-up until a program
    // opens it (before the first open it reports nothing, like an attached quiet program).
    const int slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0)
    {
        error = SystemError(std::string("open ") + name);
        close(fd);
        return false;
    }
    close(slave);
    if (!m_linkPath.empty())
    {
        struct stat st;
        if (lstat(m_linkPath.c_str(), &st) == 0)
        {
            if (!S_ISLNK(st.st_mode))
            {
                error = "LinkPath: \"" + m_linkPath + "\" exists and is not a symlink";
                close(fd);
                return false;
            }
            unlink(m_linkPath.c_str());
        }
        if (symlink(name, m_linkPath.c_str()) != 0)
        {
            error = SystemError("LinkPath: symlink \"" + m_linkPath + "\"");
            close(fd);
            return false;
        }
        m_linkCreated = true;
    }
    m_fd = fd;
    m_slavePath = name;
    m_inFlight->store(0);
    m_pending.clear();
    SwitchToState(DETACHED);
    if (m_dtrFollowsOpen)
    {
        m_uart->SetDtrLevel(true);
    }
    const auto pauseUs = static_cast<uint32_t>(
        std::max<int64_t>(100, std::min<int64_t>(m_pollInterval.GetMicroSeconds(), 20000)));
    m_reader = Create<PtyMasterReader>(m_inFlight, m_inputBufferSize, pauseUs);
    m_reader->Start(m_fd, MakeCallback(&PtyUartEndpoint::ReadFromPty, this));
    m_pollEvent = Simulator::Schedule(m_pollInterval, &PtyUartEndpoint::Poll, this);
    NS_LOG_INFO("PTY " << m_slavePath);
    return true;
}

void
PtyUartEndpoint::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_state == CLOSED)
    {
        return;
    }
    m_reader->Stop();
    m_reader = nullptr;
    m_pollEvent.Cancel();
    close(m_fd);
    m_fd = -1;
    if (m_linkCreated)
    {
        unlink(m_linkPath.c_str());
        m_linkCreated = false;
    }
    m_bytesDiscarded += m_pending.size();
    m_pending.clear();
    m_slavePath.clear();
    SwitchToState(CLOSED);
}

std::string
PtyUartEndpoint::GetSlavePath() const
{
    return m_slavePath;
}

void
PtyUartEndpoint::ReadFromPty(uint8_t* buffer, ssize_t length)
{
    // Reader thread: no ns-3 calls but the thread-safe ScheduleWithContext.
    std::vector<uint8_t> bytes(buffer, buffer + length);
    delete[] buffer;
    Simulator::ScheduleWithContext(m_context,
                                   Time(0),
                                   &PtyUartEndpoint::DeliverInput,
                                   this,
                                   std::move(bytes));
}

void
PtyUartEndpoint::DeliverInput(const std::vector<uint8_t>& bytes)
{
    NS_LOG_FUNCTION(this << bytes.size());
    if (m_state == CLOSED)
    {
        return;
    }
    if (m_state == DETACHED)
    {
        CheckPresence(); // bytes came, so a program holds the slave
    }
    m_bytesToModule += bytes.size();
    m_uart->Send(UartChannel::HOST, bytes.data(), bytes.size());
}

void
PtyUartEndpoint::DeliveredToModule(uint8_t /* byte */)
{
    if (m_inFlight->load() > 0)
    {
        m_inFlight->fetch_sub(1);
    }
}

void
PtyUartEndpoint::ReceiveFromModule(uint8_t byte)
{
    if (m_state != ATTACHED)
    {
        ++m_bytesDiscarded;
        return;
    }
    if (m_pending.size() >= m_outputBufferSize)
    {
        ++m_bytesDropped;
        if (m_bytesDropped == 1 || m_bytesDropped % m_outputBufferSize == 0)
        {
            NS_LOG_WARN("PTY " << m_slavePath << ": the program does not read; " << m_bytesDropped
                               << " module bytes dropped so far");
        }
        m_droppedTrace(byte, m_bytesDropped);
        return;
    }
    m_pending.push_back(byte);
    Flush();
}

void
PtyUartEndpoint::Flush()
{
    uint8_t chunk[512];
    while (!m_pending.empty())
    {
        const size_t n = std::min(m_pending.size(), sizeof(chunk));
        std::copy(m_pending.begin(), m_pending.begin() + n, chunk);
        const ssize_t written = write(m_fd, chunk, n);
        if (written <= 0)
        {
            return; // EAGAIN (full) or EIO (hung up): Poll() retries or detaches
        }
        m_bytesToPty += static_cast<uint64_t>(written);
        m_pending.erase(m_pending.begin(), m_pending.begin() + written);
    }
}

void
PtyUartEndpoint::CheckPresence()
{
    struct pollfd p;
    p.fd = m_fd;
    p.events = POLLIN;
    p.revents = 0;
    const bool hungUp = poll(&p, 1, 0) > 0 && (p.revents & POLLHUP) != 0;
    if (hungUp && m_state == ATTACHED)
    {
        SwitchToState(DETACHED);
        m_bytesDiscarded += m_pending.size();
        m_pending.clear();
        // Whatever the program left unread must not reach the next one.
        tcflush(m_fd, TCIOFLUSH);
    }
    else if (!hungUp && m_state == DETACHED)
    {
        SwitchToState(ATTACHED);
    }
    if (m_dtrFollowsOpen)
    {
        bool asserted = m_state == ATTACHED;
        struct termios t;
        if (asserted && tcgetattr(m_fd, &t) == 0 && cfgetospeed(&t) == B0)
        {
            asserted = false;
        }
        if (m_uart->IsDtrAsserted() != asserted)
        {
            NS_LOG_INFO("PTY " << m_slavePath << ": DTR " << (asserted ? "ON" : "OFF"));
            m_uart->SetDtrLevel(!asserted);
        }
    }
}

void
PtyUartEndpoint::Poll()
{
    CheckPresence();
    if (m_state == ATTACHED)
    {
        Flush();
    }
    m_pollEvent = Simulator::Schedule(m_pollInterval, &PtyUartEndpoint::Poll, this);
}

uint64_t
PtyUartEndpoint::GetBytesToModule() const
{
    return m_bytesToModule;
}

uint64_t
PtyUartEndpoint::GetBytesToPty() const
{
    return m_bytesToPty;
}

uint64_t
PtyUartEndpoint::GetBytesDropped() const
{
    return m_bytesDropped;
}

uint64_t
PtyUartEndpoint::GetBytesDiscarded() const
{
    return m_bytesDiscarded;
}

size_t
PtyUartEndpoint::GetPendingBytes() const
{
    return m_pending.size();
}

} // namespace lpwa
} // namespace ns3
