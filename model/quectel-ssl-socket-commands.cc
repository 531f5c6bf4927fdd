/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-ssl-socket-commands.h"

#include "cipher-suite-table.h"
#include "lpwa-module.h"
#include "module-clock.h"
#include "module-file-system.h"
#include "quectel-socket-commands.h"
#include "quectel-ssl-commands.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cctype>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelSslSocketCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelSslSocketCommands);

namespace
{

/// Quectel error codes (SSL application note, chapter 5).
enum ErrorCode : uint32_t
{
    ERR_OK = 0,
    ERR_INVALID_PARAMETER = 552,
    ERR_SOCKET_BIND = 556,
    ERR_ID_USED = 563,
    ERR_DNS_PARSE = 565,
    ERR_CONNECT = 566,
    ERR_CLOSED = 567,
    ERR_TIMEOUT = 569,
    ERR_PDP_BROKEN = 570,
    ERR_NOT_ALLOWED = 572,
};

/// The `+QSSLURC` name.
const std::string URC = "+QSSLURC";

/// Whether text is a dotted-quad IPv4 address.
bool
IsIpv4Literal(const std::string& host)
{
    int dots = 0;
    for (char ch : host)
    {
        if (ch == '.')
        {
            ++dots;
        }
        else if (!std::isdigit(static_cast<unsigned char>(ch)))
        {
            return false;
        }
    }
    return dots == 3;
}

/// Whether text is a non-empty, even-length hex string.
bool
IsHex(const std::string& text)
{
    if (text.empty() || text.size() % 2 != 0)
    {
        return false;
    }
    for (char ch : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(ch)))
        {
            return false;
        }
    }
    return true;
}

/// Text identifying a configuration (everything but the time source).
std::string
Fingerprint(const TlsConfig& c)
{
    std::ostringstream os;
    os << c.datagram << "|" << static_cast<int>(c.minVersion) << "|"
       << static_cast<int>(c.maxVersion) << "|";
    for (const auto& n : c.cipherList)
    {
        os << n << ":";
    }
    os << "|" << c.securityLevelZero << "|" << static_cast<int>(c.verify) << "|" << c.caPem << "|"
       << c.certChainPem << "|" << c.keyPem << "|" << c.sniHostName << "|" << c.checkHost << "|"
       << c.ignoreValidityTime << "|" << c.sessionResumption << "|" << c.renegotiation << "|"
       << c.pskIdentity << "|";
    for (uint8_t b : c.pskKey)
    {
        os << static_cast<int>(b) << ",";
    }
    return os.str();
}

} // namespace

TypeId
QuectelSslSocketCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelSslSocketCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelSslSocketCommands>();
    return tid;
}

QuectelSslSocketCommands::QuectelSslSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelSslSocketCommands::~QuectelSslSocketCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelSslSocketCommands::DoDispose()
{
    if (m_module)
    {
        m_module->TraceDisconnectWithoutContext(
            "PdpDeactivated",
            MakeCallback(&QuectelSslSocketCommands::OnPdpDeactivated, this));
    }
    for (auto& c : m_clients)
    {
        c.negotiateTimer.Cancel();
        c.closeTimer.Cancel();
        if (c.endpoint)
        {
            c.endpoint->Dispose();
        }
        c.socket->Dispose();
    }
    m_clients.clear();
    for (auto& entry : m_tlsContexts)
    {
        entry.second.second->Dispose();
    }
    m_tlsContexts.clear();
    m_sessions.clear();
    if (m_ownPath && m_path)
    {
        m_path->Dispose();
    }
    m_path = nullptr;
    m_cost = nullptr;
    m_compute = nullptr; // the module's MCU: the module disposes it
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

void
QuectelSslSocketCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    const ModuleProfile& prof = module->GetProfile();
    Ptr<QuectelSocketCommands> tcp = module->GetCommandSet<QuectelSocketCommands>();
    m_path = tcp ? tcp->GetDataPath() : nullptr;
    if (!m_path)
    {
        m_path = CreateObject<QuectelDataPath>();
        m_path->Install(module);
        m_ownPath = true;
    }
    // The module's MCU is shared with every other set that computes on it.
    m_cost = module->GetCryptoCostModel();
    m_compute = module->GetMcu();
    m_clients.resize(prof.GetSocketCount());
    for (uint32_t id = 0; id < prof.GetSocketCount(); ++id)
    {
        Ptr<ModuleSocket> s = CreateObject<ModuleSocket>();
        s->Setup(module->GetNode(), id, prof.GetSocketReceiveBufferSize());
        s->SetReceiveCallback(
            [this, s](uint32_t, bool wasEmpty)
            {
                m_path->OnReceive(s, URC, wasEmpty);
            });
        m_clients[id].socket = s;
    }
    module->TraceConnectWithoutContext(
        "PdpDeactivated",
        MakeCallback(&QuectelSslSocketCommands::OnPdpDeactivated, this));
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg =
        [this, e](const std::string& name, void (QuectelSslSocketCommands::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+QSSLOPEN", &QuectelSslSocketCommands::Qsslopen);
    reg("+QSSLSEND", &QuectelSslSocketCommands::Qsslsend);
    reg("+QSSLRECV", &QuectelSslSocketCommands::Qsslrecv);
    reg("+QSSLCLOSE", &QuectelSslSocketCommands::Qsslclose);
    reg("+QSSLSTATE", &QuectelSslSocketCommands::Qsslstate);
}

int64_t
QuectelSslSocketCommands::AssignStreams(int64_t stream)
{
    // Every TLS context and endpoint created later takes the next stream of this block; past
    // its end (a module that opened 1000 TLS connections) they use automatic streams, which
    // are as reproducible but never run into the next module's block.
    return m_tlsStreams.Assign(stream, 1000);
}

Ptr<ModuleSocket>
QuectelSslSocketCommands::GetSocket(uint32_t clientId) const
{
    return clientId < m_clients.size() ? m_clients[clientId].socket : nullptr;
}

Ptr<TlsEndpoint>
QuectelSslSocketCommands::GetEndpoint(uint32_t clientId) const
{
    return clientId < m_clients.size() ? m_clients[clientId].endpoint : nullptr;
}

Ptr<ComputeResource>
QuectelSslSocketCommands::GetComputeResource() const
{
    return m_compute;
}

uint32_t
QuectelSslSocketCommands::GetErrorCode(TlsError error)
{
    switch (error)
    {
        case TlsError::NONE:
            return ERR_OK;
        case TlsError::TIMEOUT:
            return ERR_TIMEOUT;
        case TlsError::TRANSPORT_CLOSED:
        case TlsError::CERTIFICATE_VERIFY_FAILED:
        case TlsError::CERTIFICATE_EXPIRED:
        case TlsError::CERTIFICATE_NOT_YET_VALID:
        case TlsError::HOSTNAME_MISMATCH:
        case TlsError::UNKNOWN_CA:
        case TlsError::HANDSHAKE_FAILURE:
        case TlsError::PROTOCOL_VERSION:
        case TlsError::NO_SHARED_CIPHER:
        case TlsError::PSK_FAILURE:
        case TlsError::PEER_ALERT:
        case TlsError::BAD_RECORD:
            return ERR_CONNECT;
    }
    return ERR_CONNECT;
}

bool
QuectelSslSocketCommands::ParseId(const AtParameter& p, uint32_t& id) const
{
    int64_t v;
    if (!p.GetInteger(v, 0, static_cast<int64_t>(m_clients.size()) - 1))
    {
        return false;
    }
    id = static_cast<uint32_t>(v);
    return true;
}

void
QuectelSslSocketCommands::Fail(uint32_t code)
{
    m_module->SetLastError(code);
    m_module->GetAtEngine()->FinishError();
}

// ------------------------------------------------------------------------------------------
// TLS configuration
// ------------------------------------------------------------------------------------------

std::string
QuectelSslSocketCommands::BuildConfig(uint32_t ctx,
                                      const std::string& host,
                                      TlsConfig& config,
                                      bool& suiteUnavailable) const
{
    QuectelSslContextConfig cfg;
    Ptr<QuectelSslCommands> ssl = m_module->GetCommandSet<QuectelSslCommands>();
    if (ssl && ctx < ssl->GetContextCount())
    {
        cfg = ssl->GetContext(static_cast<uint8_t>(ctx));
    }
    Ptr<ModuleFileSystem> fs = m_module->GetFileSystem();
    auto readFile = [fs](const std::string& name, std::string& text)
    {
        std::vector<uint8_t> data;
        if (name.empty() || fs->Read(name, data) != ModuleFileSystem::Result::OK)
        {
            return false;
        }
        text.assign(data.begin(), data.end());
        return true;
    };

    config = TlsConfig();
    config.role = TlsConfig::Role::CLIENT;
    config.datagram = cfg.dtls;
    config.securityLevelZero = true;
    if (cfg.dtls)
    {
        static const TlsConfig::Version dmin[] = {TlsConfig::Version::DTLS_1_0,
                                                  TlsConfig::Version::DTLS_1_2,
                                                  TlsConfig::Version::DTLS_1_0};
        static const TlsConfig::Version dmax[] = {TlsConfig::Version::DTLS_1_0,
                                                  TlsConfig::Version::DTLS_1_2,
                                                  TlsConfig::Version::DTLS_1_2};
        const uint8_t v = cfg.dtlsVersion <= 2 ? cfg.dtlsVersion : 2;
        config.minVersion = dmin[v];
        config.maxVersion = dmax[v];
    }
    else
    {
        static const TlsConfig::Version tmin[] = {TlsConfig::Version::SSL_3_0,
                                                  TlsConfig::Version::TLS_1_0,
                                                  TlsConfig::Version::TLS_1_1,
                                                  TlsConfig::Version::TLS_1_2,
                                                  TlsConfig::Version::TLS_1_0};
        static const TlsConfig::Version tmax[] = {TlsConfig::Version::SSL_3_0,
                                                  TlsConfig::Version::TLS_1_0,
                                                  TlsConfig::Version::TLS_1_1,
                                                  TlsConfig::Version::TLS_1_2,
                                                  TlsConfig::Version::TLS_1_2};
        const uint8_t v = cfg.sslVersion <= 4 ? cfg.sslVersion : 4;
        config.minVersion = tmin[v];
        config.maxVersion = tmax[v];
    }

    suiteUnavailable = false;
    std::vector<uint16_t> ids;
    if (cfg.cipherSuite == 0xFFFF)
    {
        ids = m_module->GetProfile().GetCipherSuites();
    }
    else
    {
        ids.push_back(cfg.cipherSuite);
    }
    for (uint16_t id : ids)
    {
        const CipherSuiteInfo* info = CipherSuiteTable::Find(id);
        if (info && info->available && info->openssl)
        {
            config.cipherList.emplace_back(info->openssl);
        }
    }
    if (cfg.cipherSuite != 0xFFFF && config.cipherList.empty())
    {
        suiteUnavailable = true; // OpenSSL cannot offer it: build a usable context anyway
    }

    if (cfg.secLevel >= 1)
    {
        config.verify = TlsConfig::Verify::VERIFY_PEER;
        if (!readFile(cfg.caCert, config.caPem))
        {
            return "cacert \"" + cfg.caCert + "\" missing";
        }
        if (cfg.checkHost)
        {
            config.checkHost = host;
        }
    }
    if (cfg.secLevel == 2 && !cfg.clientCert.empty() && !cfg.clientKey.empty())
    {
        if (!readFile(cfg.clientCert, config.certChainPem) ||
            !readFile(cfg.clientKey, config.keyPem))
        {
            return "clientcert/clientkey missing";
        }
    }
    if (cfg.sni && !IsIpv4Literal(host))
    {
        config.sniHostName = host;
    }
    config.ignoreValidityTime = cfg.ignoreLocalTime;
    Ptr<ModuleClock> clock = m_module->GetClock();
    config.timeSource = [clock]()
    {
        return clock->GetUnixTime();
    };
    config.sessionResumption = cfg.session;
    config.renegotiation = cfg.renegotiation;

    if (cfg.dtls)
    {
        std::string psk;
        if (readFile(std::to_string(ctx) + "_server.psk", psk))
        {
            while (!psk.empty() && std::isspace(static_cast<unsigned char>(psk.back())))
            {
                psk.pop_back();
            }
            const size_t amp = psk.find('&');
            if (amp == std::string::npos || amp == 0 || !IsHex(psk.substr(amp + 1)))
            {
                return "PSK file is not <PSK_ID>&<hex key>";
            }
            config.pskIdentity = psk.substr(0, amp);
            config.pskKey = TlsConfig::HexToBytes(psk.substr(amp + 1));
        }
    }
    return "";
}

Ptr<TlsContext>
QuectelSslSocketCommands::GetContext(uint32_t ctx, const TlsConfig& config, std::string& error)
{
    const std::string fp = Fingerprint(config);
    auto it = m_tlsContexts.find(ctx);
    if (it != m_tlsContexts.end() && it->second.first == fp)
    {
        return it->second.second;
    }
    Ptr<TlsContext> tls = CreateObject<TlsContext>();
    int64_t stream = 0;
    if (m_tlsStreams.Take(stream))
    {
        tls->AssignStreams(stream);
    }
    error = tls->Configure(config);
    if (!error.empty())
    {
        return nullptr;
    }
    if (it != m_tlsContexts.end())
    {
        it->second = {fp, tls}; // the old context lives on in its endpoints
    }
    else
    {
        m_tlsContexts[ctx] = {fp, tls};
    }
    return tls;
}

// ------------------------------------------------------------------------------------------
// AT+QSSLOPEN
// ------------------------------------------------------------------------------------------

void
QuectelSslSocketCommands::Qsslopen(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QSSLOPEN: (" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
                    std::to_string(prof.GetPdpContextIdMax()) + "),(0-" +
                    std::to_string(prof.GetSslContextCount() - 1) + "),(0-" +
                    std::to_string(m_clients.size() - 1) +
                    "),\"<serveraddr>\",<server_port>,(0-2)");
        e->FinishOk();
        return;
    }
    int64_t cid;
    int64_t ctx;
    uint32_t id;
    int64_t port;
    int64_t mode = 0;
    const AtParameter& host = c.GetParameter(3);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() < 5 || c.GetParameterCount() > 6 ||
        !c.GetParameter(0).GetInteger(cid, prof.GetPdpContextIdMin(), prof.GetPdpContextIdMax()) ||
        !c.GetParameter(1).GetInteger(ctx,
                                      0,
                                      static_cast<int64_t>(prof.GetSslContextCount()) - 1) ||
        !ParseId(c.GetParameter(2), id) || !host.IsString() || host.GetText().empty() ||
        !c.GetParameter(4).GetInteger(port, 1, 65535) ||
        (!c.GetParameter(5).IsOmitted() && !c.GetParameter(5).GetInteger(mode, 0, 2)))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    const bool transparent = mode == ModuleSocket::TRANSPARENT;
    Client& client = m_clients[id];
    Ptr<ModuleSocket> s = client.socket;
    uint32_t early = ERR_OK;
    TlsConfig config;
    bool suiteUnavailable = false;
    Ptr<TlsContext> tls;
    if (s->GetState() != ModuleSocket::INITIAL)
    {
        early = ERR_ID_USED;
    }
    else if (!m_module->GetPdpContext(cid)->IsActive())
    {
        early = ERR_PDP_BROKEN;
    }
    else
    {
        std::string error = BuildConfig(ctx, host.GetText(), config, suiteUnavailable);
        if (error.empty())
        {
            tls = GetContext(ctx, config, error);
        }
        if (!tls)
        {
            NS_LOG_WARN("QSSLOPEN " << id << ": context " << ctx << " unusable: " << error);
            early = ERR_INVALID_PARAMETER;
        }
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
        e->SendUrc("+QSSLOPEN: " + std::to_string(id) + "," + std::to_string(early));
        return;
    }

    if (client.endpoint)
    {
        client.endpoint->Dispose();
        client.endpoint = nullptr;
    }
    s->SetAccessMode(static_cast<ModuleSocket::AccessMode>(mode));
    s->Reserve(static_cast<uint32_t>(cid));
    const uint64_t seq = ++client.seq;
    client.ctx = static_cast<uint32_t>(ctx);
    client.host = host.GetText();
    client.port = static_cast<uint16_t>(port);
    client.handshaking = false;
    client.transparent = transparent;
    uint16_t negotiate = 300;
    Ptr<QuectelSslCommands> ssl = m_module->GetCommandSet<QuectelSslCommands>();
    if (ssl && static_cast<uint32_t>(ctx) < ssl->GetContextCount())
    {
        negotiate = ssl->GetContext(static_cast<uint8_t>(ctx)).negotiateTime;
    }
    client.negotiateTimer = Simulator::Schedule(Seconds(negotiate),
                                                &QuectelSslSocketCommands::NegotiateTimeout,
                                                this,
                                                id,
                                                seq);
    if (!transparent)
    {
        e->FinishOk();
    }
    const bool datagram = config.datagram;
    const uint16_t rport = static_cast<uint16_t>(port);
    m_module->GetResolver()->Resolve(
        host.GetText(),
        DnsResolver::DoneCallback(
            [this, id, seq, s, datagram, rport, cid, tls, suiteUnavailable](
                uint8_t result,
                std::vector<Ipv4Address> addresses,
                uint32_t)
            {
                if (m_clients.size() <= id || m_clients[id].seq != seq ||
                    s->GetState() != ModuleSocket::OPENING)
                {
                    return; // closed, timed out or aborted meanwhile
                }
                if (result != DnsResolver::SUCCESS || addresses.empty())
                {
                    Release(id);
                    EndOpen(id, ERR_DNS_PARSE);
                    return;
                }
                QuectelDataPath::ApplyTcpIpConfig(m_module, s);
                const bool started = s->Open(datagram ? ModuleSocket::UDP : ModuleSocket::TCP,
                                             addresses.front(),
                                             rport,
                                             0,
                                             static_cast<uint32_t>(cid),
                                             [this, id, seq, tls, suiteUnavailable](bool ok)
                                             {
                                                 if (m_clients[id].seq != seq)
                                                 {
                                                     return;
                                                 }
                                                 if (!ok)
                                                 {
                                                     Release(id);
                                                     EndOpen(id, ERR_CONNECT);
                                                     return;
                                                 }
                                                 Connected(id, seq, tls, suiteUnavailable);
                                             });
                if (!started)
                {
                    Release(id);
                    EndOpen(id, ERR_SOCKET_BIND);
                }
            }));
}

void
QuectelSslSocketCommands::Connected(uint32_t id,
                                    uint64_t seq,
                                    Ptr<TlsContext> tls,
                                    bool suiteUnavailable)
{
    NS_LOG_FUNCTION(this << id);
    Client& client = m_clients[id];
    Ptr<ModuleSocket> s = client.socket;
    client.handshaking = true;
    if (suiteUnavailable)
    {
        // The ClientHello would carry a suite OpenSSL cannot offer: the server refuses it.
        Simulator::ScheduleNow(&QuectelSslSocketCommands::HandshakeFailed,
                               this,
                               id,
                               seq,
                               TlsError::NO_SHARED_CIPHER,
                               std::string("cipher suite unavailable in OpenSSL"));
        return;
    }
    Ptr<TlsEndpoint> ep = CreateObject<TlsEndpoint>();
    client.endpoint = ep;
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
                                       [this, id, seq](bool resumed)
                                       {
                                           HandshakeDone(id, seq, resumed);
                                       }));
    ep->TraceConnectWithoutContext("HandshakeFailed",
                                   Callback<void, TlsError, std::string>(
                                       [this, id, seq](TlsError error, std::string detail)
                                       {
                                           HandshakeFailed(id, seq, error, detail);
                                       }));
    ep->TraceConnectWithoutContext("DataReceived",
                                   Callback<void, std::string>(
                                       [this, id, seq](std::string data)
                                       {
                                           if (m_clients[id].seq == seq)
                                           {
                                               m_clients[id].socket->Deliver(data);
                                           }
                                       }));
    ep->TraceConnectWithoutContext("Closed",
                                   Callback<void, bool>(
                                       [this, id, seq](bool clean)
                                       {
                                           ConnectionClosed(id, seq, clean);
                                       }));
    if (tls->GetConfig().datagram)
    {
        ep->SetDatagramTransport(tls,
                                 s->GetSocket(),
                                 InetSocketAddress(s->GetRemoteAddress(), s->GetRemotePort()));
    }
    else
    {
        ep->SetStreamTransport(tls, s->GetSocket());
    }
    ep->SetCompute(m_cost, m_compute, true); // the module's MCU protects records too
    client.session = tls->GetConfig().sessionResumption;
    if (client.session)
    {
        auto it = m_sessions.find(std::make_tuple(client.ctx, client.host, client.port));
        if (it != m_sessions.end() && it->second->GetPolicyDigest() != tls->GetSecurityDigest())
        {
            // A security setting of the context changed since the session was obtained.
            m_sessions.erase(it);
        }
        else if (it != m_sessions.end())
        {
            ep->SetSession(it->second);
        }
    }
    ep->Start();
}

void
QuectelSslSocketCommands::HandshakeDone(uint32_t id, uint64_t seq, bool resumed)
{
    NS_LOG_FUNCTION(this << id << resumed);
    Client& client = m_clients[id];
    if (client.seq != seq || !client.handshaking)
    {
        return;
    }
    client.handshaking = false;
    client.negotiateTimer.Cancel();
    if (client.session && client.endpoint->GetSession())
    {
        m_sessions[std::make_tuple(client.ctx, client.host, client.port)] =
            client.endpoint->GetSession();
    }
    EndOpen(id, ERR_OK);
}

void
QuectelSslSocketCommands::HandshakeFailed(uint32_t id,
                                          uint64_t seq,
                                          TlsError error,
                                          std::string detail)
{
    NS_LOG_FUNCTION(this << id << error << detail);
    Client& client = m_clients[id];
    if (client.seq != seq)
    {
        return;
    }
    const uint64_t next = ++client.seq;
    client.negotiateTimer.Cancel();
    client.handshaking = false;
    // Release outside the endpoint's own call stack.
    Simulator::ScheduleNow(
        [this, id, next, error]()
        {
            if (m_clients.size() <= id || m_clients[id].seq != next)
            {
                return;
            }
            Release(id);
            EndOpen(id, GetErrorCode(error));
        });
}

void
QuectelSslSocketCommands::ConnectionClosed(uint32_t id, uint64_t seq, bool clean)
{
    NS_LOG_FUNCTION(this << id << clean);
    Client& client = m_clients[id];
    Ptr<ModuleSocket> s = client.socket;
    if (client.seq != seq || s->GetState() != ModuleSocket::CONNECTED)
    {
        return;
    }
    const bool online = m_path->IsOnline(s);
    m_path->ConnectionLost(s, URC, false);
    if (!online &&
        !m_module->GetProfile().IsQuirkSet(ModuleProfile::CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE))
    {
        const uint64_t next = ++client.seq;
        Simulator::ScheduleNow(
            [this, id, next]()
            {
                if (m_clients.size() > id && m_clients[id].seq == next)
                {
                    Release(id);
                }
            });
    }
}

void
QuectelSslSocketCommands::NegotiateTimeout(uint32_t id, uint64_t seq)
{
    NS_LOG_FUNCTION(this << id);
    Client& client = m_clients[id];
    if (client.seq != seq)
    {
        return;
    }
    ++client.seq;
    if (client.endpoint)
    {
        client.endpoint->Abort(TlsError::TIMEOUT);
    }
    Release(id);
    EndOpen(id, GetErrorCode(TlsError::TIMEOUT));
}

void
QuectelSslSocketCommands::EndOpen(uint32_t id, uint32_t err)
{
    NS_LOG_FUNCTION(this << id << err);
    Client& client = m_clients[id];
    Ptr<AtEngine> e = m_module->GetAtEngine();
    m_module->SetLastError(err);
    if (client.transparent)
    {
        client.transparent = false;
        if (err == ERR_OK)
        {
            m_path->EnterTransparent(client.socket);
        }
        else
        {
            e->FinishError();
        }
        return;
    }
    e->SendUrc("+QSSLOPEN: " + std::to_string(id) + "," + std::to_string(err));
}

void
QuectelSslSocketCommands::PowerOff()
{
    NS_LOG_FUNCTION(this);
    for (uint32_t id = 0; id < m_clients.size(); ++id)
    {
        ++m_clients[id].seq; // callbacks of the connection are void
        Release(id);
    }
    m_sessions.clear(); // the session cache lives in RAM
}

void
QuectelSslSocketCommands::Release(uint32_t id)
{
    Client& client = m_clients[id];
    client.negotiateTimer.Cancel();
    client.closeTimer.Cancel();
    client.handshaking = false;
    m_path->Forget(client.socket);
    if (client.endpoint)
    {
        client.endpoint->Dispose();
        client.endpoint = nullptr;
    }
    client.socket->Close();
}

void
QuectelSslSocketCommands::OnPdpDeactivated(uint32_t cid, bool byNetwork)
{
    NS_LOG_FUNCTION(this << cid << byNetwork);
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t id = 0; id < m_clients.size(); ++id)
    {
        Client& client = m_clients[id];
        Ptr<ModuleSocket> s = client.socket;
        const ModuleSocket::State state = s->GetState();
        if (s->GetContextId() != cid || state == ModuleSocket::INITIAL ||
            state == ModuleSocket::CLOSING)
        {
            continue;
        }
        if (client.closeTimer.IsRunning())
        {
            CloseDone(id, client.seq); // AT+QSSLCLOSE waiting: nothing left to wait for
            continue;
        }
        ++client.seq; // pending callbacks of this connection are void now
        if (state == ModuleSocket::OPENING || client.handshaking)
        {
            if (prof.IsQuirkSet(ModuleProfile::CONNECT_ID_CLAIMED_AFTER_PDP_LOSS))
            {
                client.negotiateTimer.Cancel();
                client.handshaking = false;
                if (client.endpoint)
                {
                    client.endpoint->Dispose();
                    client.endpoint = nullptr;
                }
                s->MarkClosing(true);
            }
            else
            {
                Release(id);
            }
            EndOpen(id, ERR_PDP_BROKEN);
            continue;
        }
        if (client.endpoint)
        {
            client.endpoint->Dispose();
            client.endpoint = nullptr;
        }
        m_path->ConnectionLost(s, URC, true);
    }
}

// ------------------------------------------------------------------------------------------
// AT+QSSLSEND, AT+QSSLRECV
// ------------------------------------------------------------------------------------------

void
QuectelSslSocketCommands::Qsslsend(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const uint32_t maxSend = m_module->GetProfile().GetMaxSendLength();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QSSLSEND: (0-" + std::to_string(m_clients.size() - 1) + "),(1-" +
                    std::to_string(maxSend) + ")");
        e->FinishOk();
        return;
    }
    uint32_t id;
    int64_t length = -1;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (c.GetParameterCount() == 2 &&
         !c.GetParameter(1).GetInteger(length, 0, static_cast<int64_t>(maxSend))))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    const Client& client = m_clients[id];
    if (client.socket->GetState() != ModuleSocket::CONNECTED || client.handshaking ||
        !client.endpoint)
    {
        Fail(ERR_CLOSED);
        return;
    }
    if (length == 0)
    {
        // <sendlen> 0 queries the data sent, in the form of AT+QISEND=<connectID>,0 (TCP/IP
        // manual): plaintext bytes taken, of them acknowledged by the server's TCP (every
        // byte of their records), and not yet.
        const uint64_t total = client.socket->GetTotalSent();
        const uint64_t acked = std::min(total, client.endpoint->GetPlaintextAcked());
        e->SendInfo("+QSSLSEND: " + std::to_string(total) + "," + std::to_string(acked) + "," +
                    std::to_string(total - acked));
        m_module->SetLastError(ERR_OK);
        e->FinishOk();
        return;
    }
    m_path->BeginSend(client.socket, length);
}

void
QuectelSslSocketCommands::Qsslrecv(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const uint32_t maxRead = m_module->GetProfile().GetMaxReadLength();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QSSLRECV: (0-" + std::to_string(m_clients.size() - 1) + "),(0-" +
                    std::to_string(maxRead) + ")");
        e->FinishOk();
        return;
    }
    uint32_t id;
    int64_t length = maxRead;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (c.GetParameterCount() == 2 &&
         !c.GetParameter(1).GetInteger(length, 0, static_cast<int64_t>(maxRead))))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    Ptr<ModuleSocket> s = m_clients[id].socket;
    if (s->GetState() == ModuleSocket::INITIAL || s->GetAccessMode() != ModuleSocket::BUFFER)
    {
        Fail(ERR_NOT_ALLOWED);
        return;
    }
    m_module->SetLastError(ERR_OK);
    m_path->Read(s, "+QSSLRECV", static_cast<uint32_t>(length));
}

// ------------------------------------------------------------------------------------------
// AT+QSSLCLOSE, AT+QSSLSTATE
// ------------------------------------------------------------------------------------------

void
QuectelSslSocketCommands::Qsslclose(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QSSLCLOSE: (0-" + std::to_string(m_clients.size() - 1) + "),(0-65535)");
        e->FinishOk();
        return;
    }
    uint32_t id;
    int64_t timeout = 10;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 ||
        !ParseId(c.GetParameter(0), id) ||
        (!c.GetParameter(1).IsOmitted() && !c.GetParameter(1).GetInteger(timeout, 0, 65535)))
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    Client& client = m_clients[id];
    const uint64_t seq = ++client.seq;
    if (client.endpoint && client.endpoint->IsHandshakeComplete() &&
        client.socket->GetState() == ModuleSocket::CONNECTED)
    {
        // An omitted <close_timeout> is the manual's default, 10 s.
        if (timeout == 0)
        {
            client.endpoint->Abort(); // closing immediately: no close_notify
        }
        else
        {
            // close_notify, then wait for the peer's close_notify or FIN (the endpoint's
            // Closed trace) or for close_timeout, whichever comes first.
            Ptr<TlsEndpoint> ep = client.endpoint;
            client.closeTimer = Simulator::Schedule(Seconds(static_cast<double>(timeout)),
                                                    &QuectelSslSocketCommands::CloseDone,
                                                    this,
                                                    id,
                                                    seq);
            ep->TraceConnectWithoutContext(
                "Closed",
                Callback<void, bool>(
                    [this, id, seq](bool)
                    {
                        // Outside the endpoint's own call stack.
                        Simulator::ScheduleNow(&QuectelSslSocketCommands::CloseDone, this, id, seq);
                    }));
            ep->Close();
            return;
        }
    }
    Release(id);
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
}

void
QuectelSslSocketCommands::CloseDone(uint32_t id, uint64_t seq)
{
    NS_LOG_FUNCTION(this << id);
    if (m_clients.size() <= id || m_clients[id].seq != seq)
    {
        return;
    }
    Client& client = m_clients[id];
    ++client.seq;
    client.closeTimer.Cancel();
    Release(id);
    m_module->SetLastError(ERR_OK);
    m_module->GetAtEngine()->FinishOk();
}

void
QuectelSslSocketCommands::Qsslstate(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->FinishOk();
        return;
    }
    int64_t type = -1;
    int64_t which = -1;
    const ModuleProfile& prof = m_module->GetProfile();
    const int64_t maxId = static_cast<int64_t>(m_clients.size()) - 1;
    if (c.GetForm() == AtCommand::WRITE)
    {
        if (c.GetParameterCount() == 1)
        {
            type = 1; // AT+QSSLSTATE=<clientID>
            if (!c.GetParameter(0).GetInteger(which, 0, maxId))
            {
                Fail(ERR_INVALID_PARAMETER);
                return;
            }
        }
        else if (c.GetParameterCount() != 2 || !c.GetParameter(0).GetInteger(type, 0, 1) ||
                 (type == 0 && !c.GetParameter(1).GetInteger(which,
                                                             prof.GetPdpContextIdMin(),
                                                             prof.GetPdpContextIdMax())) ||
                 (type == 1 && !c.GetParameter(1).GetInteger(which, 0, maxId)))
        {
            // AT+QSSLSTATE=<type>,<n> (TinyGSM's AT+QSSLSTATE=1,<mux>) reads as AT+QISTATE does.
            Fail(ERR_INVALID_PARAMETER);
            return;
        }
    }
    else if (c.GetForm() != AtCommand::EXECUTE)
    {
        Fail(ERR_INVALID_PARAMETER);
        return;
    }
    for (const auto& client : m_clients)
    {
        Ptr<ModuleSocket> s = client.socket;
        if (s->GetState() == ModuleSocket::INITIAL)
        {
            continue;
        }
        if ((type == 0 && s->GetContextId() != which) || (type == 1 && s->GetConnectId() != which))
        {
            continue;
        }
        const int state =
            client.handshaking ? ModuleSocket::OPENING : static_cast<int>(s->GetState());
        e->SendInfo("+QSSLSTATE: " + QuectelDataPath::StateFields(s, "SSLClient", state) + "," +
                    std::to_string(client.ctx));
    }
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
