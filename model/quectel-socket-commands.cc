/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-socket-commands.h"

#include "lpwa-module.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelSocketCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelSocketCommands);

namespace
{

/// Quectel error codes (TCP/IP and SSL application notes, chapter 5).
enum ErrorCode : uint32_t
{
    ERR_OK = 0,
    ERR_INVALID_PARAMETER = 552,
    ERR_SOCKET_BIND = 556,
    ERR_SOCKET_WRITE = 558,
    ERR_ID_USED = 563,
    ERR_DNS_PARSE = 565,
    ERR_CONNECT = 566,
    ERR_CLOSED = 567,
    ERR_PDP_BROKEN = 570,
    ERR_NOT_ALLOWED = 572,
};

} // namespace

TypeId
QuectelSocketCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelSocketCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelSocketCommands>();
    return tid;
}

QuectelSocketCommands::QuectelSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelSocketCommands::~QuectelSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelSocketCommands::DoDispose()
{
    if (m_module)
    {
        m_module->TraceDisconnectWithoutContext(
            "PdpDeactivated",
            MakeCallback(&QuectelSocketCommands::OnPdpDeactivated, this));
    }
    for (auto& s : m_sockets)
    {
        s->Dispose();
    }
    m_sockets.clear();
    if (m_path)
    {
        m_path->Dispose();
        m_path = nullptr;
    }
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

void
QuectelSocketCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    m_path = CreateObject<QuectelDataPath>();
    m_path->Install(module);
    const ModuleProfile& prof = module->GetProfile();
    for (uint32_t id = 0; id < prof.GetSocketCount(); ++id)
    {
        Ptr<ModuleSocket> s = CreateObject<ModuleSocket>();
        s->Setup(module->GetNode(), id, prof.GetSocketReceiveBufferSize());
        s->SetReceiveCallback(
            [this, id](uint32_t count, bool wasEmpty)
            {
                OnReceive(id, count, wasEmpty);
            });
        s->SetPeerCloseCallback(
            [this, id]()
            {
                OnPeerClose(id);
            });
        m_sockets.push_back(s);
    }
    m_openSeq.assign(m_sockets.size(), 0);
    module->TraceConnectWithoutContext(
        "PdpDeactivated",
        MakeCallback(&QuectelSocketCommands::OnPdpDeactivated, this));
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg =
        [this, e](const std::string& name, void (QuectelSocketCommands::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+QIOPEN", &QuectelSocketCommands::Qiopen);
    reg("+QISEND", &QuectelSocketCommands::Qisend);
    reg("+QIRD", &QuectelSocketCommands::Qird);
    reg("+QICLOSE", &QuectelSocketCommands::Qiclose);
    reg("+QISTATE", &QuectelSocketCommands::Qistate);
    reg("+QISWTMD", &QuectelSocketCommands::Qiswtmd);
    reg("+QICFG", &QuectelSocketCommands::Qicfg);
}

Ptr<ModuleSocket>
QuectelSocketCommands::GetSocket(uint32_t connectId) const
{
    return connectId < m_sockets.size() ? m_sockets[connectId] : nullptr;
}

Ptr<QuectelDataPath>
QuectelSocketCommands::GetDataPath() const
{
    return m_path;
}

bool
QuectelSocketCommands::ParseId(const AtParameter& p, uint32_t& id) const
{
    int64_t v;
    if (!p.GetInteger(v, 0, static_cast<int64_t>(m_sockets.size()) - 1))
    {
        return false;
    }
    id = static_cast<uint32_t>(v);
    return true;
}

void
QuectelSocketCommands::Fail(uint32_t code)
{
    m_module->SetLastError(code);
    m_module->GetAtEngine()->FinishError();
}

// ------------------------------------------------------------------------------------------
// AT+QIOPEN
// ------------------------------------------------------------------------------------------

void
QuectelSocketCommands::Qiopen(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QIOPEN: (" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
                    std::to_string(prof.GetPdpContextIdMax()) + "),(0-" +
                    std::to_string(m_sockets.size() - 1) +
                    "),\"TCP/UDP/TCP LISTENER/UDP SERVICE\",\"<IP_address>/<domain_name>\","
                    "<remote_port>,<local_port>,(0-2)");
        e->FinishOk();
        return;
    }
    int64_t cid;
    uint32_t id;
    int64_t remotePort;
    int64_t localPort = 0;
    int64_t mode = 0;
    const AtParameter& service = c.GetParameter(2);
    const AtParameter& host = c.GetParameter(3);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() < 5 || c.GetParameterCount() > 7 ||
        !c.GetParameter(0).GetInteger(cid, prof.GetPdpContextIdMin(), prof.GetPdpContextIdMax()) ||
        !ParseId(c.GetParameter(1), id) || !service.IsString() || !host.IsString() ||
        !c.GetParameter(4).GetInteger(remotePort, 0, 65535) ||
        (!c.GetParameter(5).IsOmitted() && !c.GetParameter(5).GetInteger(localPort, 0, 65535)) ||
        (!c.GetParameter(6).IsOmitted() && !c.GetParameter(6).GetInteger(mode, 0, 2)))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    ModuleSocket::Protocol protocol;
    if (service.GetText() == "TCP")
    {
        protocol = ModuleSocket::TCP;
    }
    else if (service.GetText() == "UDP")
    {
        protocol = ModuleSocket::UDP;
    }
    else if (service.GetText() == "TCP LISTENER")
    {
        protocol = ModuleSocket::TCP_LISTENER;
    }
    else
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    if (protocol != ModuleSocket::TCP_LISTENER && (remotePort == 0 || host.GetText().empty()))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    const bool transparent = mode == ModuleSocket::TRANSPARENT;
    Ptr<ModuleSocket> s = m_sockets[id];
    uint32_t early = ERR_OK;
    if (s->GetState() != ModuleSocket::INITIAL)
    {
        early = ERR_ID_USED;
    }
    else if (!m_module->GetPdpContext(cid)->IsActive())
    {
        early = ERR_PDP_BROKEN;
    }
    if (early != ERR_OK)
    {
        if (transparent)
        {
            Fail(early);
            return;
        }
        m_module->SetLastError(early);
        e->FinishOk();
        e->SendUrc("+QIOPEN: " + std::to_string(id) + "," + std::to_string(early));
        return;
    }

    s->SetAccessMode(static_cast<ModuleSocket::AccessMode>(mode));
    s->Reserve(static_cast<uint32_t>(cid));
    const uint64_t seq = ++m_openSeq[id];
    if (transparent)
    {
        m_pendingTransparentOpen = id;
    }
    else
    {
        e->FinishOk();
    }
    const std::string name =
        protocol == ModuleSocket::TCP_LISTENER ? std::string("0.0.0.0") : host.GetText();
    const uint16_t rport = static_cast<uint16_t>(remotePort);
    const uint16_t lport = static_cast<uint16_t>(localPort);
    m_module->GetResolver()->Resolve(
        name,
        DnsResolver::DoneCallback(
            [this, id, seq, s, protocol, rport, lport, cid, transparent](
                uint8_t result,
                std::vector<Ipv4Address> addresses,
                uint32_t)
            {
                if (m_openSeq.size() <= id || m_openSeq[id] != seq ||
                    s->GetState() != ModuleSocket::OPENING)
                {
                    return; // closed or aborted meanwhile
                }
                if (result != DnsResolver::SUCCESS || addresses.empty())
                {
                    s->Close();
                    ReportOpen(id, ERR_DNS_PARSE, transparent);
                    return;
                }
                QuectelDataPath::ApplyTcpIpConfig(m_module, s);
                const bool started =
                    s->Open(protocol,
                            addresses.front(),
                            rport,
                            lport,
                            static_cast<uint32_t>(cid),
                            [this, id, seq, transparent](bool ok)
                            {
                                if (m_openSeq[id] == seq)
                                {
                                    ReportOpen(id, ok ? ERR_OK : ERR_CONNECT, transparent);
                                }
                            });
                if (!started)
                {
                    if (s->GetState() != ModuleSocket::INITIAL)
                    {
                        s->Close();
                    }
                    ReportOpen(id, ERR_SOCKET_BIND, transparent);
                }
            }));
}

void
QuectelSocketCommands::PowerOff()
{
    NS_LOG_FUNCTION(this);
    for (uint32_t id = 0; id < m_sockets.size(); ++id)
    {
        ++m_openSeq[id]; // callbacks of the connection are void
        m_path->Forget(m_sockets[id]);
        m_sockets[id]->Close();
    }
    m_pendingTransparentOpen = -1;
}

void
QuectelSocketCommands::ReportOpen(uint32_t id, uint32_t err, bool transparent)
{
    NS_LOG_FUNCTION(this << id << err << transparent);
    Ptr<AtEngine> e = m_module->GetAtEngine();
    m_module->SetLastError(err);
    if (transparent)
    {
        if (m_pendingTransparentOpen != static_cast<int64_t>(id))
        {
            return;
        }
        m_pendingTransparentOpen = -1;
        if (err == ERR_OK)
        {
            m_path->EnterTransparent(m_sockets[id]);
        }
        else
        {
            e->FinishError();
        }
        return;
    }
    e->SendUrc("+QIOPEN: " + std::to_string(id) + "," + std::to_string(err));
}

// ------------------------------------------------------------------------------------------
// Socket events
// ------------------------------------------------------------------------------------------

void
QuectelSocketCommands::OnReceive(uint32_t id, uint32_t /* count */, bool wasEmpty)
{
    m_path->OnReceive(m_sockets[id], "+QIURC", wasEmpty);
}

void
QuectelSocketCommands::OnPeerClose(uint32_t id)
{
    NS_LOG_FUNCTION(this << id);
    Ptr<ModuleSocket> s = m_sockets[id];
    if (s->GetState() != ModuleSocket::CONNECTED)
    {
        return;
    }
    const bool online = m_path->IsOnline(s);
    m_path->ConnectionLost(s, "+QIURC", false);
    if (!online &&
        !m_module->GetProfile().IsQuirkSet(ModuleProfile::CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE))
    {
        ++m_openSeq[id];
        s->Close();
    }
}

void
QuectelSocketCommands::OnPdpDeactivated(uint32_t cid, bool byNetwork)
{
    NS_LOG_FUNCTION(this << cid << byNetwork);
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t id = 0; id < m_sockets.size(); ++id)
    {
        Ptr<ModuleSocket> s = m_sockets[id];
        const ModuleSocket::State state = s->GetState();
        if (s->GetContextId() != cid || state == ModuleSocket::INITIAL ||
            state == ModuleSocket::CLOSING)
        {
            continue;
        }
        if (state == ModuleSocket::OPENING)
        {
            ++m_openSeq[id]; // the open's pending callbacks are void now
            const bool transparent = m_pendingTransparentOpen == static_cast<int64_t>(id);
            if (prof.IsQuirkSet(ModuleProfile::CONNECT_ID_CLAIMED_AFTER_PDP_LOSS))
            {
                s->MarkClosing(true);
            }
            else
            {
                s->Close();
            }
            ReportOpen(id, ERR_PDP_BROKEN, transparent);
            continue;
        }
        m_path->ConnectionLost(s, "+QIURC", true);
    }
}

// ------------------------------------------------------------------------------------------
// AT+QISEND, AT+QIRD
// ------------------------------------------------------------------------------------------

void
QuectelSocketCommands::Qisend(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    const uint32_t maxSend = m_module->GetProfile().GetMaxSendLength();
    int64_t length = -1;
    if (c.GetParameterCount() == 2 &&
        !c.GetParameter(1).GetInteger(length, 0, static_cast<int64_t>(maxSend)))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    if (length == 0)
    {
        if (s->GetState() == ModuleSocket::INITIAL)
        {
            Fail(ERR_NOT_ALLOWED);
            return;
        }
        e->SendInfo("+QISEND: " + std::to_string(s->GetTotalSent()) + "," +
                    std::to_string(s->GetAcked()) + "," + std::to_string(s->GetUnacked()));
        m_module->SetLastError(ERR_OK);
        e->FinishOk();
        return;
    }
    if (s->GetState() != ModuleSocket::CONNECTED)
    {
        Fail(ERR_CLOSED);
        return;
    }
    m_path->BeginSend(s, length);
}

void
QuectelSocketCommands::Qird(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    const uint32_t maxRead = m_module->GetProfile().GetMaxReadLength();
    int64_t length = maxRead;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (c.GetParameterCount() == 2 &&
         !c.GetParameter(1).GetInteger(length, 0, static_cast<int64_t>(maxRead))))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    if (s->GetState() == ModuleSocket::INITIAL || s->GetAccessMode() != ModuleSocket::BUFFER)
    {
        Fail(ERR_NOT_ALLOWED);
        return;
    }
    m_module->SetLastError(ERR_OK);
    m_path->Read(s, "+QIRD", static_cast<uint32_t>(length));
}

// ------------------------------------------------------------------------------------------
// AT+QICLOSE, AT+QISTATE, AT+QISWTMD
// ------------------------------------------------------------------------------------------

void
QuectelSocketCommands::Qiclose(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    int64_t timeout = 10;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (!c.GetParameter(1).IsOmitted() && !c.GetParameter(1).GetInteger(timeout, 0, 65535)))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    ++m_openSeq[id];
    m_path->Forget(m_sockets[id]);
    m_sockets[id]->Close();
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
}

void
QuectelSocketCommands::Qistate(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->FinishOk();
        return;
    }
    int64_t type = -1;
    int64_t which = -1;
    if (c.GetForm() == AtCommand::WRITE)
    {
        const ModuleProfile& prof = m_module->GetProfile();
        if (c.GetParameterCount() != 2 || !c.GetParameter(0).GetInteger(type, 0, 1) ||
            (type == 0 && !c.GetParameter(1).GetInteger(which,
                                                        prof.GetPdpContextIdMin(),
                                                        prof.GetPdpContextIdMax())) ||
            (type == 1 && !c.GetParameter(1).GetInteger(which, 0, m_sockets.size() - 1)))
        {
            Fail(ERR_INVALID_PARAMETER);
            return;
        }
    }
    for (const auto& s : m_sockets)
    {
        if (s->GetState() == ModuleSocket::INITIAL)
        {
            continue;
        }
        if ((type == 0 && s->GetContextId() != which) || (type == 1 && s->GetConnectId() != which))
        {
            continue;
        }
        static const char* services[] = {"TCP", "UDP", "TCP LISTENER"};
        e->SendInfo("+QISTATE: " + QuectelDataPath::StateFields(s,
                                                                services[s->GetProtocol()],
                                                                static_cast<int>(s->GetState())));
    }
    e->FinishOk();
}

void
QuectelSocketCommands::Qiswtmd(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    int64_t mode;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 2 ||
        !ParseId(c.GetParameter(0), id) || !c.GetParameter(1).GetInteger(mode, 0, 2))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    if (s->GetState() == ModuleSocket::INITIAL ||
        (mode == ModuleSocket::TRANSPARENT && s->GetState() != ModuleSocket::CONNECTED))
    {
        Fail(ERR_NOT_ALLOWED);
        return;
    }
    m_module->SetLastError(ERR_OK);
    if (mode == ModuleSocket::TRANSPARENT)
    {
        m_path->EnterTransparent(s);
        return;
    }
    s->SetAccessMode(static_cast<ModuleSocket::AccessMode>(mode));
    e->FinishOk();
}

// ------------------------------------------------------------------------------------------
// AT+QICFG (BG95/BG77/BG600L TCP/IP Application Note): the keys this model has, module-wide
// and not saved.
// ------------------------------------------------------------------------------------------

void
QuectelSocketCommands::Qicfg(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    LpwaModule::TcpIpConfig& cfg = m_module->GetTcpIpConfig();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QICFG: \"transpktsize\",(1-1460)");
        e->SendInfo("+QICFG: \"transwaittm\",(0-20)");
        e->SendInfo("+QICFG: \"tcp/retranscfg\",(3-20),(5-1000)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() < 1 ||
        !c.GetParameter(0).IsString())
    {
        e->FinishError();
        return;
    }
    std::string key = c.GetParameter(0).GetText();
    std::transform(key.begin(),
                   key.end(),
                   key.begin(),
                   [](unsigned char ch)
                   {
                       return static_cast<char>(std::tolower(ch));
                   });
    const uint32_t values = c.GetParameterCount() - 1;
    int64_t a = 0;
    int64_t b = 0;
    if (key == "tcp/retranscfg")
    {
        if (values == 0)
        {
            e->SendInfo("+QICFG: \"tcp/retranscfg\"," + std::to_string(cfg.maxBackoffs) + "," +
                        std::to_string(cfg.maxRto));
            e->FinishOk();
            return;
        }
        if (values != 2 || !c.GetParameter(1).GetInteger(a, 3, 20) ||
            !c.GetParameter(2).GetInteger(b, 5, 1000))
        {
            e->FinishError();
            return;
        }
        cfg.maxBackoffs = static_cast<uint32_t>(a);
        cfg.maxRto = static_cast<uint32_t>(b);
        e->FinishOk();
        return;
    }
    if (key == "transpktsize" || key == "transwaittm")
    {
        const bool size = key == "transpktsize";
        int32_t& value = size ? cfg.transPktSize : cfg.transWaitTm;
        if (values == 0)
        {
            int64_t shown = value;
            if (shown < 0)
            {
                // Not set yet: the sockets' own attribute (the default unless configured).
                if (size)
                {
                    UintegerValue v;
                    m_sockets.front()->GetAttribute("TransparentPacketSize", v);
                    shown = static_cast<int64_t>(v.Get());
                }
                else
                {
                    TimeValue v;
                    m_sockets.front()->GetAttribute("TransparentWaitTime", v);
                    shown = v.Get().GetMilliSeconds() / 100;
                }
            }
            e->SendInfo("+QICFG: \"" + key + "\"," + std::to_string(shown));
            e->FinishOk();
            return;
        }
        if (values != 1 || !c.GetParameter(1).GetInteger(a, size ? 1 : 0, size ? 1460 : 20))
        {
            e->FinishError();
            return;
        }
        value = static_cast<int32_t>(a);
        e->FinishOk();
        return;
    }
    e->FinishError();
}

} // namespace lpwa
} // namespace ns3
