/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "onemo-socket-commands.h"

#include "cellular-registration.h"
#include "lpwa-module.h"
#include "onemo-ssl-commands.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaOneMoSocketCommands");
NS_OBJECT_ENSURE_REGISTERED(OneMoSocketCommands);

namespace
{

/// OneMO TCP/IP and SSL error codes (CME ERROR and `+MIPOPEN` results).
enum ErrorCode : uint32_t
{
    ERR_OK = 0,
    ERR_PARAMETER = 50,
    ERR_NOT_USED = 551,
    ERR_ALREADY_USED = 552,
    ERR_NOT_CONNECTED = 553,
    ERR_BIND = 555,
    ERR_REFUSED = 557,
    ERR_TIMEOUT = 558,
    ERR_WRITE = 560,
    ERR_PDP_NOT_ACTIVE = 570,
    ERR_DNS_FAILED = 580,
    ERR_SSL_UNKNOWN = 750,
    ERR_SSL_INIT = 751,
    ERR_SSL_VERIFY = 752,
    ERR_SSL_TIMEOUT = 753,
    ERR_SSL_NEGOTIATION = 754,
};

/// `<disconn>` reasons of `+MIPURC: "disconn",<id>,<reason>`.
enum DisconnReason : uint32_t
{
    DISCONN_PEER = 1,
    DISCONN_PDP = 3,
};

int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

TypeId
OneMoSocketCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::OneMoSocketCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<OneMoSocketCommands>();
    return tid;
}

OneMoSocketCommands::OneMoSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

OneMoSocketCommands::~OneMoSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

void
OneMoSocketCommands::DoDispose()
{
    if (m_module)
    {
        m_module->TraceDisconnectWithoutContext(
            "PdpDeactivated",
            MakeCallback(&OneMoSocketCommands::OnPdpDeactivated, this));
    }
    for (auto& ch : m_channels)
    {
        ch.negotiateTimer.Cancel();
        if (ch.endpoint)
        {
            ch.endpoint->Dispose();
        }
        if (ch.tls)
        {
            ch.tls->Dispose();
        }
    }
    for (auto& s : m_sockets)
    {
        s->Dispose();
    }
    m_sockets.clear();
    m_channels.clear();
    m_sessions.clear();
    m_cost = nullptr;
    m_compute = nullptr; // the module's MCU: the module disposes it
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

int64_t
OneMoSocketCommands::AssignStreams(int64_t stream)
{
    // Every TLS context and endpoint created later takes the next stream of this block; past
    // its end (a module that opened 1000 TLS connections) they use automatic streams, which
    // are as reproducible but never run into the next module's block.
    return m_tlsStreams.Assign(stream, 1000);
}

void
OneMoSocketCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    const ModuleProfile& prof = module->GetProfile();
    // The module's MCU is shared with every other set that computes on it.
    m_cost = module->GetCryptoCostModel();
    m_compute = module->GetMcu();
    for (uint32_t id = 0; id < prof.GetSocketCount(); ++id)
    {
        Ptr<ModuleSocket> s = CreateObject<ModuleSocket>();
        s->Setup(module->GetNode(), id, prof.GetSocketReceiveBufferSize());
        s->SetReceiveCallback(
            [this, id](uint32_t count, bool)
            {
                OnReceive(id, count);
            });
        s->SetPeerCloseCallback(
            [this, id]()
            {
                OnPeerClose(id);
            });
        m_sockets.push_back(s);
    }
    m_channels.assign(m_sockets.size(), Channel());
    module->TraceConnectWithoutContext("PdpDeactivated",
                                       MakeCallback(&OneMoSocketCommands::OnPdpDeactivated, this));
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg = [this, e](const std::string& name, void (OneMoSocketCommands::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+MIPCFG", &OneMoSocketCommands::Mipcfg);
    reg("+MIPOPEN", &OneMoSocketCommands::Mipopen);
    reg("+MIPSEND", &OneMoSocketCommands::Mipsend);
    reg("+MIPCLOSE", &OneMoSocketCommands::Mipclose);
    reg("+MIPSTATE", &OneMoSocketCommands::Mipstate);
    for (const std::string name : {"+MIPREAD", "+MIPRD"})
    {
        e->RegisterCommand(name,
                           [this, name](const AtCommand& c)
                           {
                               Mipread(c, name);
                           });
    }
}

Ptr<ModuleSocket>
OneMoSocketCommands::GetSocket(uint32_t connectId) const
{
    return connectId < m_sockets.size() ? m_sockets[connectId] : nullptr;
}

bool
OneMoSocketCommands::ParseId(const AtParameter& p, uint32_t& id) const
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
OneMoSocketCommands::Fail(uint32_t code)
{
    m_module->SetLastError(code);
    m_module->GetAtEngine()->FinishCmeError(code);
}

// ------------------------------------------------------------------------------------------
// Encodings
// ------------------------------------------------------------------------------------------

std::string
OneMoSocketCommands::Encode(const std::string& data, Encoding encoding)
{
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    switch (encoding)
    {
        case HEX:
            out.reserve(data.size() * 2);
            for (unsigned char b : data)
            {
                out.push_back(digits[b >> 4]);
                out.push_back(digits[b & 0x0F]);
            }
            return out;
        case ESCAPED:
            for (unsigned char b : data)
            {
                switch (b)
                {
                    case '\r':
                        out += "\\r";
                        break;
                    case '\n':
                        out += "\\n";
                        break;
                    case '\t':
                        out += "\\t";
                        break;
                    case '\\':
                        out += "\\\\";
                        break;
                    case '"':
                        out += "\\\"";
                        break;
                    case '\0':
                        out += "\\0";
                        break;
                    default:
                        if (b < 0x20 || b >= 0x7F)
                        {
                            out += "\\x";
                            out.push_back(digits[b >> 4]);
                            out.push_back(digits[b & 0x0F]);
                        }
                        else
                        {
                            out.push_back(static_cast<char>(b));
                        }
                        break;
                }
            }
            return out;
        default:
            return data;
    }
}

bool
OneMoSocketCommands::Decode(const std::string& text, Encoding encoding, std::string& data)
{
    data.clear();
    switch (encoding)
    {
        case HEX:
            if (text.size() % 2 != 0)
            {
                return false;
            }
            for (size_t i = 0; i < text.size(); i += 2)
            {
                const int hi = HexValue(text[i]);
                const int lo = HexValue(text[i + 1]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }
                data.push_back(static_cast<char>((hi << 4) | lo));
            }
            return true;
        case ESCAPED:
            for (size_t i = 0; i < text.size(); ++i)
            {
                if (text[i] != '\\')
                {
                    data.push_back(text[i]);
                    continue;
                }
                if (++i >= text.size())
                {
                    return false;
                }
                switch (text[i])
                {
                    case 'r':
                        data.push_back('\r');
                        break;
                    case 'n':
                        data.push_back('\n');
                        break;
                    case 't':
                        data.push_back('\t');
                        break;
                    case '0':
                        data.push_back('\0');
                        break;
                    case '\\':
                    case '"':
                        data.push_back(text[i]);
                        break;
                    case 'x':
                    {
                        if (i + 2 >= text.size())
                        {
                            return false;
                        }
                        const int hi = HexValue(text[i + 1]);
                        const int lo = HexValue(text[i + 2]);
                        if (hi < 0 || lo < 0)
                        {
                            return false;
                        }
                        data.push_back(static_cast<char>((hi << 4) | lo));
                        i += 2;
                        break;
                    }
                    default:
                        return false;
                }
            }
            return true;
        default:
            data = text;
            return true;
    }
}

// ------------------------------------------------------------------------------------------
// AT+MIPCFG
// ------------------------------------------------------------------------------------------

void
OneMoSocketCommands::Mipcfg(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const std::string idRange = "(0-" + std::to_string(m_sockets.size() - 1) + ")";
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+MIPCFG: \"ssl\"," + idRange + ",(0,1),(0-" +
                    std::to_string(m_module->GetProfile().GetSslContextCount() - 1) + ")");
        e->SendInfo("+MIPCFG: \"encoding\"," + idRange + ",(0-2),(0-2)");
        e->FinishOk();
        return;
    }
    const AtParameter& key = c.GetParameter(0);
    uint32_t id;
    if (c.GetForm() != AtCommand::WRITE || !key.IsString() || !ParseId(c.GetParameter(1), id))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    Channel& ch = m_channels[id];
    const std::string prefix = "+MIPCFG: \"" + key.GetText() + "\"," + std::to_string(id) + ",";
    int64_t a;
    int64_t b;
    if (key.GetText() == "ssl")
    {
        if (c.GetParameterCount() == 2)
        {
            e->SendInfo(prefix + (ch.sslEnabled ? "1" : "0") + "," + std::to_string(ch.sslId));
            e->FinishOk();
            return;
        }
        const int64_t maxSsl = m_module->GetProfile().GetSslContextCount() - 1;
        if (c.GetParameterCount() > 4 || !c.GetParameter(2).GetInteger(a, 0, 1) ||
            (!c.GetParameter(3).IsOmitted() && !c.GetParameter(3).GetInteger(b, 0, maxSsl)) ||
            (a == 1 && c.GetParameter(3).IsOmitted()))
        {
            Fail(ERR_PARAMETER);
            return;
        }
        ch.sslEnabled = a == 1;
        if (!c.GetParameter(3).IsOmitted())
        {
            ch.sslId = static_cast<uint32_t>(b);
        }
    }
    else if (key.GetText() == "encoding")
    {
        if (c.GetParameterCount() == 2)
        {
            e->SendInfo(prefix + std::to_string(ch.sendEncoding) + "," +
                        std::to_string(ch.recvEncoding));
            e->FinishOk();
            return;
        }
        if (c.GetParameterCount() != 4 || !c.GetParameter(2).GetInteger(a, 0, 2) ||
            !c.GetParameter(3).GetInteger(b, 0, 2))
        {
            Fail(ERR_PARAMETER);
            return;
        }
        ch.sendEncoding = static_cast<Encoding>(a);
        ch.recvEncoding = static_cast<Encoding>(b);
    }
    else
    {
        Fail(ERR_PARAMETER);
        return;
    }
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
}

// ------------------------------------------------------------------------------------------
// AT+MIPOPEN
// ------------------------------------------------------------------------------------------

void
OneMoSocketCommands::Mipopen(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+MIPOPEN: (0-" + std::to_string(m_sockets.size() - 1) +
                    "),(\"TCP\",\"UDP\"),<host>,(1-65535),(0-65535),(0,1)");
        e->FinishOk();
        return;
    }
    uint32_t id;
    int64_t remotePort;
    int64_t localPort = 0;
    int64_t mode = 0;
    const AtParameter& service = c.GetParameter(1);
    const AtParameter& host = c.GetParameter(2);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() < 4 || c.GetParameterCount() > 6 ||
        !ParseId(c.GetParameter(0), id) || !service.IsString() || !host.IsString() ||
        host.GetText().empty() || !c.GetParameter(3).GetInteger(remotePort, 1, 65535) ||
        (!c.GetParameter(4).IsOmitted() && !c.GetParameter(4).GetInteger(localPort, 0, 65535)) ||
        (!c.GetParameter(5).IsOmitted() && !c.GetParameter(5).GetInteger(mode, 0, 1)))
    {
        Fail(ERR_PARAMETER);
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
    else
    {
        Fail(ERR_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    Channel& ch = m_channels[id];
    const uint32_t cid = m_module->GetProfile().GetPdpContextIdMin();
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
    if (s->GetState() != ModuleSocket::INITIAL)
    {
        ReportOpen(id, ERR_ALREADY_USED);
        return;
    }
    if (!m_module->GetPdpContext(cid)->IsActive())
    {
        ReportOpen(id, ERR_PDP_NOT_ACTIVE);
        return;
    }
    const bool ssl = ch.sslEnabled;
    bool suiteUnavailable = false;
    uint16_t negotiate = OneMoSslContextConfig().negotiateTimeout;
    if (ssl)
    {
        uint32_t active = 0;
        for (const auto& other : m_channels)
        {
            active += other.sslActive ? 1 : 0;
        }
        if (active >= m_module->GetProfile().GetMaxSslConnections())
        {
            NS_LOG_WARN("MIPOPEN " << id << ": " << active << " SSL connections already");
            ReportOpen(id, ERR_SSL_INIT);
            return;
        }
        OneMoSslContextConfig cfg;
        Ptr<OneMoSslCommands> sslSet = m_module->GetCommandSet<OneMoSslCommands>();
        if (sslSet && ch.sslId < sslSet->GetContextCount())
        {
            cfg = sslSet->GetContext(static_cast<uint8_t>(ch.sslId));
        }
        TlsConfig config;
        std::string error = OneMoSslCommands::BuildTlsConfig(m_module,
                                                             cfg,
                                                             host.GetText(),
                                                             config,
                                                             suiteUnavailable);
        if (protocol == ModuleSocket::UDP)
        {
            config.datagram = true;
            config.minVersion = TlsConfig::Version::DTLS_1_0;
            config.maxVersion = TlsConfig::Version::DTLS_1_2;
        }
        Ptr<TlsContext> tls = CreateObject<TlsContext>();
        int64_t stream = 0;
        if (m_tlsStreams.Take(stream))
        {
            tls->AssignStreams(stream);
        }
        if (error.empty())
        {
            error = tls->Configure(config);
        }
        if (!error.empty())
        {
            NS_LOG_WARN("MIPOPEN " << id << ": SSL ID " << ch.sslId << " unusable: " << error);
            tls->Dispose();
            ReportOpen(id, ERR_SSL_INIT);
            return;
        }
        ch.tls = tls;
        ch.sslActive = true;
        ch.openSslId = ch.sslId;
        ch.openVersion = cfg.sslVersion;
        ch.openCipherSuite = cfg.cipherSuite;
        ch.port = static_cast<uint16_t>(remotePort);
        negotiate = cfg.negotiateTimeout;
    }
    ch.host = host.GetText();
    s->SetAccessMode(mode == 0 ? ModuleSocket::DIRECT_PUSH : ModuleSocket::BUFFER);
    s->Reserve(cid);
    const uint64_t seq = ++ch.openSeq;
    if (ssl)
    {
        ch.negotiateTimer = Simulator::Schedule(Seconds(negotiate),
                                                &OneMoSocketCommands::SslNegotiateTimeout,
                                                this,
                                                id,
                                                seq);
    }
    const uint16_t rport = static_cast<uint16_t>(remotePort);
    const uint16_t lport = static_cast<uint16_t>(localPort);
    m_module->GetResolver()->Resolve(
        host.GetText(),
        DnsResolver::DoneCallback(
            [this, id, seq, s, protocol, rport, lport, cid, ssl, suiteUnavailable](
                uint8_t result,
                std::vector<Ipv4Address> addresses,
                uint32_t)
            {
                if (m_channels.size() <= id || m_channels[id].openSeq != seq ||
                    s->GetState() != ModuleSocket::OPENING)
                {
                    return; // closed or aborted meanwhile
                }
                if (result != DnsResolver::SUCCESS || addresses.empty())
                {
                    Release(id);
                    ReportOpen(id, ERR_DNS_FAILED);
                    return;
                }
                m_channels[id].openStart = Simulator::Now();
                const bool started =
                    s->Open(protocol,
                            addresses.front(),
                            rport,
                            lport,
                            cid,
                            [this, id, seq, s, ssl, suiteUnavailable](bool ok)
                            {
                                if (m_channels[id].openSeq != seq)
                                {
                                    return;
                                }
                                if (ok && ssl)
                                {
                                    SslConnected(id, seq, suiteUnavailable);
                                    return;
                                }
                                if (ok)
                                {
                                    ReportOpen(id, ERR_OK);
                                    return;
                                }
                                TimeValue timeout;
                                s->GetAttribute("ConnectTimeout", timeout);
                                const Time took = Simulator::Now() - m_channels[id].openStart;
                                Release(id);
                                ReportOpen(id, took >= timeout.Get() ? ERR_TIMEOUT : ERR_REFUSED);
                            });
                if (!started)
                {
                    Release(id);
                    ReportOpen(id, ERR_BIND);
                }
            }));
}

uint32_t
OneMoSocketCommands::GetSslErrorCode(TlsError error)
{
    switch (error)
    {
        case TlsError::NONE:
            return ERR_OK;
        case TlsError::CERTIFICATE_VERIFY_FAILED:
        case TlsError::CERTIFICATE_EXPIRED:
        case TlsError::CERTIFICATE_NOT_YET_VALID:
        case TlsError::HOSTNAME_MISMATCH:
        case TlsError::UNKNOWN_CA:
            return ERR_SSL_VERIFY;
        case TlsError::TIMEOUT:
            return ERR_SSL_TIMEOUT;
        case TlsError::HANDSHAKE_FAILURE:
        case TlsError::PROTOCOL_VERSION:
        case TlsError::NO_SHARED_CIPHER:
        case TlsError::PSK_FAILURE:
        case TlsError::PEER_ALERT:
        case TlsError::BAD_RECORD:
        case TlsError::TRANSPORT_CLOSED:
            return ERR_SSL_NEGOTIATION;
        default:
            return ERR_SSL_UNKNOWN;
    }
}

Ptr<TlsEndpoint>
OneMoSocketCommands::GetEndpoint(uint32_t connectId) const
{
    return connectId < m_channels.size() ? m_channels[connectId].endpoint : nullptr;
}

void
OneMoSocketCommands::SslConnected(uint32_t id, uint64_t seq, bool suiteUnavailable)
{
    NS_LOG_FUNCTION(this << id);
    Channel& ch = m_channels[id];
    Ptr<ModuleSocket> s = m_sockets[id];
    ch.handshaking = true;
    if (suiteUnavailable)
    {
        // The ClientHello would carry a suite OpenSSL cannot offer: the server refuses it.
        Simulator::ScheduleNow(&OneMoSocketCommands::SslHandshakeFailed,
                               this,
                               id,
                               seq,
                               TlsError::NO_SHARED_CIPHER);
        return;
    }
    Ptr<TlsEndpoint> ep = CreateObject<TlsEndpoint>();
    ch.endpoint = ep;
    int64_t stream = 0;
    if (m_tlsStreams.Take(stream))
    {
        ep->AssignStreams(stream);
    }
    TlsEndpoint* raw = PeekPointer(ep);
    s->SetTransmitHook(
        [raw](const std::string& data)
        {
            return static_cast<int>(raw->Send(data));
        },
        [raw]()
        {
            return raw->GetTxAvailable();
        });
    ep->SetWritableCallback(Callback<void>(
        [s]()
        {
            s->NotifyTransmitRoom();
        }));
    ep->TraceConnectWithoutContext("HandshakeCompleted",
                                   Callback<void, bool>(
                                       [this, id, seq](bool)
                                       {
                                           SslHandshakeDone(id, seq);
                                       }));
    ep->TraceConnectWithoutContext("HandshakeFailed",
                                   Callback<void, TlsError, std::string>(
                                       [this, id, seq](TlsError error, std::string detail)
                                       {
                                           NS_LOG_INFO("SSL " << id << " failed: " << detail);
                                           SslHandshakeFailed(id, seq, error);
                                       }));
    ep->TraceConnectWithoutContext("DataReceived",
                                   Callback<void, std::string>(
                                       [this, id, seq](std::string data)
                                       {
                                           if (m_channels[id].openSeq == seq)
                                           {
                                               m_sockets[id]->Deliver(data);
                                           }
                                       }));
    ep->TraceConnectWithoutContext(
        "Closed",
        Callback<void, bool>(
            [this, id, seq](bool)
            {
                // Outside the endpoint's own call stack.
                Simulator::ScheduleNow(&OneMoSocketCommands::SslClosed, this, id, seq);
            }));
    if (ch.tls->GetConfig().datagram)
    {
        ep->SetDatagramTransport(ch.tls,
                                 s->GetSocket(),
                                 InetSocketAddress(s->GetRemoteAddress(), s->GetRemotePort()));
    }
    else
    {
        ep->SetStreamTransport(ch.tls, s->GetSocket());
    }
    ep->SetCompute(m_cost, m_compute, true); // the module's MCU protects records too
    if (ch.tls->GetConfig().sessionResumption)
    {
        auto it = m_sessions.find(std::make_tuple(ch.openSslId, ch.host, ch.port));
        if (it != m_sessions.end() &&
            (it->second.version != ch.openVersion || it->second.cipherSuite != ch.openCipherSuite ||
             it->second.session->GetPolicyDigest() != ch.tls->GetSecurityDigest()))
        {
            // A setting of the SSL context changed since the session was obtained.
            m_sessions.erase(it);
        }
        else if (it != m_sessions.end())
        {
            ep->SetSession(it->second.session);
        }
    }
    ep->Start();
}

void
OneMoSocketCommands::SslHandshakeDone(uint32_t id, uint64_t seq)
{
    NS_LOG_FUNCTION(this << id);
    Channel& ch = m_channels[id];
    if (ch.openSeq != seq || !ch.handshaking)
    {
        return;
    }
    ch.handshaking = false;
    ch.negotiateTimer.Cancel();
    if (ch.tls->GetConfig().sessionResumption && ch.endpoint->GetSession())
    {
        m_sessions[std::make_tuple(ch.openSslId, ch.host, ch.port)] =
            StoredSession{ch.endpoint->GetSession(), ch.openVersion, ch.openCipherSuite};
    }
    ReportOpen(id, ERR_OK);
}

void
OneMoSocketCommands::SslHandshakeFailed(uint32_t id, uint64_t seq, TlsError error)
{
    NS_LOG_FUNCTION(this << id << error);
    Channel& ch = m_channels[id];
    if (ch.openSeq != seq)
    {
        return;
    }
    const uint64_t next = ++ch.openSeq;
    ch.negotiateTimer.Cancel();
    ch.handshaking = false;
    // Release outside the endpoint's own call stack.
    Simulator::ScheduleNow(
        [this, id, next, error]()
        {
            if (m_channels.size() <= id || m_channels[id].openSeq != next)
            {
                return;
            }
            Release(id);
            ReportOpen(id, GetSslErrorCode(error));
        });
}

void
OneMoSocketCommands::SslClosed(uint32_t id, uint64_t seq)
{
    NS_LOG_FUNCTION(this << id);
    if (m_channels.size() <= id || m_channels[id].openSeq != seq || m_channels[id].handshaking)
    {
        return; // a failed handshake is reported by SslHandshakeFailed()
    }
    OnPeerClose(id);
}

void
OneMoSocketCommands::SslNegotiateTimeout(uint32_t id, uint64_t seq)
{
    NS_LOG_FUNCTION(this << id);
    Channel& ch = m_channels[id];
    if (ch.openSeq != seq)
    {
        return;
    }
    ++ch.openSeq;
    if (ch.endpoint)
    {
        ch.endpoint->Abort(TlsError::TIMEOUT);
    }
    Release(id);
    ReportOpen(id, GetSslErrorCode(TlsError::TIMEOUT));
}

void
OneMoSocketCommands::ReportOpen(uint32_t id, uint32_t err)
{
    NS_LOG_FUNCTION(this << id << err);
    m_module->SetLastError(err);
    m_module->GetAtEngine()->SendUrc("+MIPOPEN: " + std::to_string(id) + "," + std::to_string(err));
}

// ------------------------------------------------------------------------------------------
// Socket events
// ------------------------------------------------------------------------------------------

void
OneMoSocketCommands::OnReceive(uint32_t id, uint32_t count)
{
    Ptr<ModuleSocket> s = m_sockets[id];
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (s->GetAccessMode() != ModuleSocket::DIRECT_PUSH)
    {
        e->SendUrc("+MIPURC: \"recv\"," + std::to_string(id) + "," + std::to_string(count));
        return;
    }
    const std::string kind = s->GetProtocol() == ModuleSocket::UDP ? "\"rudp\"," : "\"rtcp\",";
    const uint32_t chunk = m_module->GetProfile().GetMaxReadLength();
    while (s->GetUnread() > 0)
    {
        const std::string data = s->Read(chunk);
        e->SendUrc("+MIPURC: " + kind + std::to_string(id) + "," + std::to_string(data.size()) +
                   "," + Encode(data, m_channels[id].recvEncoding));
    }
}

void
OneMoSocketCommands::Disconnected(uint32_t id, uint32_t reason, bool abortConnection)
{
    Ptr<ModuleSocket> s = m_sockets[id];
    s->MarkClosing(abortConnection);
    m_module->GetAtEngine()->SendUrc("+MIPURC: \"disconn\"," + std::to_string(id) + "," +
                                     std::to_string(reason));
    if (s->GetUnread() == 0)
    {
        Release(id);
    }
}

void
OneMoSocketCommands::PowerOff()
{
    NS_LOG_FUNCTION(this);
    for (uint32_t id = 0; id < m_channels.size(); ++id)
    {
        Release(id);
        // AT+MIPCFG settings are not saved; the sequence number goes on so that callbacks of
        // the old connection stay void.
        const uint64_t seq = m_channels[id].openSeq;
        m_channels[id] = Channel();
        m_channels[id].openSeq = seq + 1;
    }
    m_sessions.clear(); // the session cache lives in RAM
}

void
OneMoSocketCommands::Release(uint32_t id)
{
    Channel& ch = m_channels[id];
    ++ch.openSeq;
    ch.negotiateTimer.Cancel();
    ch.handshaking = false;
    ch.sslActive = false;
    if (ch.endpoint)
    {
        ch.endpoint->Dispose();
        ch.endpoint = nullptr;
    }
    if (ch.tls)
    {
        ch.tls->Dispose();
        ch.tls = nullptr;
    }
    m_sockets[id]->Close();
}

void
OneMoSocketCommands::OnPeerClose(uint32_t id)
{
    NS_LOG_FUNCTION(this << id);
    if (m_sockets[id]->GetState() != ModuleSocket::CONNECTED)
    {
        return;
    }
    Disconnected(id, DISCONN_PEER, false);
}

void
OneMoSocketCommands::OnPdpDeactivated(uint32_t cid, bool byNetwork)
{
    NS_LOG_FUNCTION(this << cid << byNetwork);
    for (uint32_t id = 0; id < m_sockets.size(); ++id)
    {
        Ptr<ModuleSocket> s = m_sockets[id];
        const ModuleSocket::State state = s->GetState();
        if (s->GetContextId() != cid || state == ModuleSocket::INITIAL ||
            state == ModuleSocket::CLOSING)
        {
            continue;
        }
        if (state == ModuleSocket::OPENING || m_channels[id].handshaking)
        {
            Release(id);
            ReportOpen(id, ERR_PDP_NOT_ACTIVE);
            continue;
        }
        Disconnected(id, DISCONN_PDP, true);
    }
}

// ------------------------------------------------------------------------------------------
// AT+MIPSEND, AT+MIPREAD
// ------------------------------------------------------------------------------------------

void
OneMoSocketCommands::SendDone(uint32_t id, const std::string& data)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (m_sockets[id]->GetState() != ModuleSocket::CONNECTED || m_channels[id].handshaking)
    {
        Fail(ERR_NOT_CONNECTED);
        return;
    }
    if (data.empty() || !m_sockets[id]->Send(data))
    {
        Fail(ERR_WRITE);
        return;
    }
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
    e->SendUrc("+MIPSEND: " + std::to_string(id) + "," + std::to_string(data.size()));
}

void
OneMoSocketCommands::Mipsend(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    const uint32_t maxSend = m_module->GetProfile().GetMaxSendLength();
    int64_t length = -1;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 3 ||
        !ParseId(c.GetParameter(0), id) ||
        (c.GetParameterCount() >= 2 &&
         !c.GetParameter(1).GetInteger(length, 1, static_cast<int64_t>(maxSend))))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    if (c.GetParameterCount() == 3)
    {
        const AtParameter& p = c.GetParameter(2);
        std::string data;
        if (p.IsOmitted() || !Decode(p.GetText(), m_channels[id].sendEncoding, data) ||
            data.size() != static_cast<size_t>(length))
        {
            Fail(ERR_PARAMETER);
            return;
        }
        SendDone(id, data);
        return;
    }
    if (s->GetState() != ModuleSocket::CONNECTED || m_channels[id].handshaking)
    {
        Fail(ERR_NOT_CONNECTED);
        return;
    }
    auto done = [this, e, id](AtEngine::InputEnd end, const std::string& data)
    {
        switch (end)
        {
            case AtEngine::INPUT_SEND:
                SendDone(id, data);
                break;
            case AtEngine::INPUT_CANCEL:
                m_module->SetLastError(ERR_OK);
                e->FinishOk();
                break;
            default:
                Fail(ERR_PARAMETER);
                break;
        }
    };
    if (length < 0)
    {
        e->BeginPromptInput(maxSend, done);
    }
    else
    {
        e->BeginFixedInput(static_cast<uint32_t>(length), done);
    }
}

void
OneMoSocketCommands::Mipread(const AtCommand& c, const std::string& prefix)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    const uint32_t maxRead = m_module->GetProfile().GetMaxReadLength();
    int64_t length = maxRead;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (!c.GetParameter(1).IsOmitted() &&
         !c.GetParameter(1).GetInteger(length, 1, static_cast<int64_t>(maxRead))))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_sockets[id];
    if (s->GetState() == ModuleSocket::INITIAL)
    {
        Fail(ERR_NOT_USED);
        return;
    }
    if (s->GetAccessMode() != ModuleSocket::BUFFER)
    {
        Fail(ERR_PARAMETER);
        return;
    }
    const std::string data = s->Read(static_cast<uint32_t>(length));
    m_module->SetLastError(ERR_OK);
    e->SendInfo(prefix + ": " + std::to_string(id) + "," + std::to_string(s->GetUnread()) + "," +
                std::to_string(data.size()) + "," + Encode(data, m_channels[id].recvEncoding));
    e->FinishOk();
    if (s->GetState() == ModuleSocket::CLOSING && s->GetUnread() == 0)
    {
        Release(id);
    }
}

// ------------------------------------------------------------------------------------------
// AT+MIPCLOSE, AT+MIPSTATE
// ------------------------------------------------------------------------------------------

void
OneMoSocketCommands::Mipclose(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t id;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !ParseId(c.GetParameter(0), id))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    if (m_sockets[id]->GetState() == ModuleSocket::INITIAL)
    {
        Fail(ERR_NOT_USED);
        return;
    }
    Channel& ch = m_channels[id];
    if (ch.endpoint && !ch.handshaking && ch.endpoint->IsHandshakeComplete() &&
        m_sockets[id]->GetState() == ModuleSocket::CONNECTED)
    {
        // An open SSL connection ends with the TLS close_notify, written to the TCP socket
        // before its FIN (the endpoint closes the transport once the alert has left). The
        // module does not wait for the peer's close_notify. A clean shutdown also keeps the
        // session resumable: OpenSSL drops sessions whose connection was not shut down.
        NS_LOG_INFO("MIPCLOSE " << id << ": close_notify");
        ch.endpoint->Close();
    }
    Release(id);
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
    e->SendUrc("+MIPCLOSE: " + std::to_string(id));
}

std::string
OneMoSocketCommands::StateLine(uint32_t id) const
{
    Ptr<ModuleSocket> s = m_sockets[id];
    std::ostringstream os;
    os << "+MIPSTATE: " << id << ",";
    if (s->GetState() == ModuleSocket::INITIAL)
    {
        os << ",,,\"INITIAL\"";
        return os.str();
    }
    static const char* states[] = {"INITIAL", "CONNECTING", "CONNECTED", "LISTENING", "CLOSING"};
    os << "\"" << (s->GetProtocol() == ModuleSocket::UDP ? "UDP" : "TCP") << "\",\""
       << m_channels[id].host << "\"," << s->GetRemotePort() << ",\""
       << states[m_channels[id].handshaking ? ModuleSocket::OPENING : s->GetState()] << "\"";
    return os.str();
}

void
OneMoSocketCommands::Mipstate(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+MIPSTATE: (0-" + std::to_string(m_sockets.size() - 1) + ")");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::WRITE)
    {
        uint32_t id;
        if (c.GetParameterCount() != 1 || !ParseId(c.GetParameter(0), id))
        {
            Fail(ERR_PARAMETER);
            return;
        }
        e->SendInfo(StateLine(id));
        e->FinishOk();
        return;
    }
    for (uint32_t id = 0; id < m_sockets.size(); ++id)
    {
        e->SendInfo(StateLine(id));
    }
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
