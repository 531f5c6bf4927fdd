/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-context.h"

#include "ns3/boolean.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstring>
#include <ctime>
#include <memory>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsContext");
NS_OBJECT_ENSURE_REGISTERED(TlsContext);

namespace
{

int
ToOpenSslVersion(TlsConfig::Version v)
{
    using V = TlsConfig::Version;
    switch (v)
    {
        case V::DEFAULT:
            return 0;
        case V::SSL_3_0:
            return SSL3_VERSION;
        case V::TLS_1_0:
            return TLS1_VERSION;
        case V::TLS_1_1:
            return TLS1_1_VERSION;
        case V::TLS_1_2:
            return TLS1_2_VERSION;
        case V::TLS_1_3:
            return TLS1_3_VERSION;
        case V::DTLS_1_0:
            return DTLS1_VERSION;
        case V::DTLS_1_2:
            return DTLS1_2_VERSION;
    }
    return 0;
}

std::string
OpenSslErrors()
{
    std::string text;
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
    {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof(buf));
        if (!text.empty())
        {
            text += "; ";
        }
        text += buf;
    }
    return text;
}

/// Application-data layout of a ticket: the simulated issue time.
struct TicketAppData
{
    int64_t issuedNs; //!< Simulator::Now() at issue, nanoseconds
};

/// The ex-data index that points from an SSL_CTX to its TlsContext.
int
ContextIndex()
{
    static int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

} // namespace

TypeId
TlsContext::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::TlsContext")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<TlsContext>()
            .AddAttribute("SessionLifetime",
                          "How long a server keeps a session resumable (session ID cache and "
                          "tickets), in simulated time. Default: nginx ssl_session_timeout "
                          "(5 min, nginx.org/en/docs/http/ngx_http_ssl_module.html).",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&TlsContext::m_sessionLifetime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SessionCacheSize",
                          "Maximum sessions in a server's session-ID cache (oldest evicted). "
                          "Default: OpenSSL's SSL_SESSION_CACHE_MAX_SIZE_DEFAULT, 1024*20 "
                          "(SSL_CTX_sess_set_cache_size(3)); for scale, nginx stores about "
                          "4000 sessions per megabyte of ssl_session_cache.",
                          UintegerValue(20480),
                          MakeUintegerAccessor(&TlsContext::m_sessionCacheSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("TicketsEnabled",
                          "Whether a server issues session tickets (and a client accepts them); "
                          "ANDed with TlsConfig::tickets.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_ticketsEnabled),
                          MakeBooleanChecker())
            .AddTraceSource("SessionCached",
                            "A server stored a session in its session-ID cache (hex ID).",
                            MakeTraceSourceAccessor(&TlsContext::m_sessionCachedTrace),
                            "ns3::TracedCallback::String")
            .AddTraceSource("ResumptionLookup",
                            "A server looked up a session ID or a ticket: true if resumable.",
                            MakeTraceSourceAccessor(&TlsContext::m_resumptionLookupTrace),
                            "ns3::TracedCallback::Bool");
    return tid;
}

TlsContext::TlsContext()
    : m_random(CreateObject<TlsRandomSource>())
{
    NS_LOG_FUNCTION(this);
}

TlsContext::~TlsContext()
{
    NS_LOG_FUNCTION(this);
}

void
TlsContext::DoDispose()
{
    NS_LOG_FUNCTION(this);
    ClearCache();
    if (m_ctx != nullptr)
    {
        SSL_CTX_set_ex_data(m_ctx, ContextIndex(), nullptr);
        SSL_CTX_free(m_ctx); // connections still alive keep their own reference
        m_ctx = nullptr;
    }
    m_random = nullptr;
    Object::DoDispose();
}

void
TlsContext::ClearCache()
{
    for (auto& [id, entry] : m_cache)
    {
        SSL_SESSION_free(entry.session);
    }
    m_cache.clear();
    m_cacheOrder.clear();
}

int64_t
TlsContext::AssignStreams(int64_t stream)
{
    return m_random->AssignStreams(stream);
}

Ptr<TlsRandomSource>
TlsContext::GetRandomSource() const
{
    return m_random;
}

bool
TlsContext::IsConfigured() const
{
    return m_ctx != nullptr;
}

const TlsConfig&
TlsContext::GetConfig() const
{
    return m_config;
}

const std::string&
TlsContext::GetSecurityDigest() const
{
    return m_securityDigest;
}

SSL_CTX*
TlsContext::GetSslCtx() const
{
    if (m_ctx == nullptr)
    {
        NS_FATAL_ERROR("TlsContext::GetSslCtx: Configure() has not succeeded");
    }
    return m_ctx;
}

uint32_t
TlsContext::GetCachedSessionCount() const
{
    return static_cast<uint32_t>(m_cache.size());
}

Time
TlsContext::GetSessionLifetime() const
{
    return m_sessionLifetime;
}

std::string
TlsContext::Configure(const TlsConfig& config)
{
    NS_LOG_FUNCTION(this);
    if (m_ctx != nullptr)
    {
        NS_FATAL_ERROR("TlsContext::Configure: called twice");
    }
    std::string invalid = config.Validate();
    if (!invalid.empty())
    {
        return invalid;
    }
    m_config = config;
    m_securityDigest = config.GetSecurityDigest();
    const bool server = config.role == TlsConfig::Role::SERVER;

    TlsRandom::Scope scope(m_random);
    ERR_clear_error();
    SSL_CTX* ctx = SSL_CTX_new(config.datagram ? DTLS_method() : TLS_method());
    if (ctx == nullptr)
    {
        return "SSL_CTX_new failed: " + OpenSslErrors();
    }
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> guard(ctx, &SSL_CTX_free);
    // Free each connection's record buffers (about 34 kB) while it has nothing to read or
    // write: a fleet keeps most of its connections idle between messages. Memory only; the
    // bytes on the wire do not change.
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

    // Versions. OpenSSL 3 is built without SSL 3.0: a bound it refuses leaves no version
    // enabled, so the handshake fails with PROTOCOL_VERSION as a real client would.
    int minV = ToOpenSslVersion(config.minVersion);
    int maxV = ToOpenSslVersion(config.maxVersion);
    bool boundsOk = SSL_CTX_set_min_proto_version(ctx, minV) == 1 &&
                    SSL_CTX_set_max_proto_version(ctx, maxV) == 1;
    if (!boundsOk || minV == SSL3_VERSION || maxV == SSL3_VERSION)
    {
        ERR_clear_error();
        SSL_CTX_set_options(ctx,
                            SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 |
                                SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3 | SSL_OP_NO_DTLSv1 |
                                SSL_OP_NO_DTLSv1_2);
    }

    // Suites and security level.
    if (config.securityLevelZero)
    {
        SSL_CTX_set_security_level(ctx, 0);
    }
    std::string list;
    for (const auto& c : config.cipherList)
    {
        list += (list.empty() ? "" : ":") + c;
    }
    if (config.securityLevelZero)
    {
        list = (list.empty() ? std::string("DEFAULT") : list) + ":@SECLEVEL=0";
    }
    if (!list.empty() && SSL_CTX_set_cipher_list(ctx, list.c_str()) != 1)
    {
        return "cipherList '" + list + "' selects no cipher: " + OpenSslErrors();
    }
    if (!config.tls13Suites.empty() &&
        SSL_CTX_set_ciphersuites(ctx, config.tls13Suites.c_str()) != 1)
    {
        return "tls13Suites '" + config.tls13Suites + "' invalid: " + OpenSslErrors();
    }

    // Trust store and own credentials.
    if (!config.caPem.empty())
    {
        X509_STORE* store = SSL_CTX_get_cert_store(ctx);
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(config.caPem.data(), static_cast<int>(config.caPem.size())),
            &BIO_free);
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        {
            X509_STORE_add_cert(store, cert);
            X509_free(cert);
        }
        ERR_clear_error();
    }
    if (!config.certChainPem.empty())
    {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(config.certChainPem.data(),
                            static_cast<int>(config.certChainPem.size())),
            &BIO_free);
        bool first = true;
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        {
            if (first)
            {
                if (SSL_CTX_use_certificate(ctx, cert) != 1)
                {
                    X509_free(cert);
                    return "certChainPem: certificate refused: " + OpenSslErrors();
                }
                X509_free(cert);
                first = false;
            }
            else if (SSL_CTX_add0_chain_cert(ctx, cert) != 1)
            {
                X509_free(cert);
                return "certChainPem: chain certificate refused: " + OpenSslErrors();
            }
        }
        ERR_clear_error();
        std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
            BIO_new_mem_buf(config.keyPem.data(), static_cast<int>(config.keyPem.size())),
            &BIO_free);
        EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
        if (key == nullptr || SSL_CTX_use_PrivateKey(ctx, key) != 1)
        {
            EVP_PKEY_free(key);
            return "keyPem refused: " + OpenSslErrors();
        }
        EVP_PKEY_free(key);
        if (SSL_CTX_check_private_key(ctx) != 1)
        {
            return "keyPem does not match the certificate: " + OpenSslErrors();
        }
    }

    // Verification (the time is set per connection from timeSource).
    int mode = SSL_VERIFY_NONE;
    switch (config.verify)
    {
        case TlsConfig::Verify::NONE:
            break;
        case TlsConfig::Verify::VERIFY_PEER:
        case TlsConfig::Verify::REQUEST:
            mode = SSL_VERIFY_PEER;
            break;
        case TlsConfig::Verify::REQUIRE_PEER_CERT:
            mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
            break;
    }
    SSL_CTX_set_verify(ctx, mode, nullptr);
    if (config.ignoreValidityTime)
    {
        X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
    }

    // Renegotiation (TLS <= 1.2).
    if (config.renegotiation)
    {
        SSL_CTX_set_options(ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    }
    else
    {
        SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    }

    // Sessions.
    const bool tickets = config.tickets && m_ticketsEnabled;
    if (!tickets)
    {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    }
    SSL_CTX_set_ex_data(ctx, ContextIndex(), this);
    if (server)
    {
        static const unsigned char sidContext[] = "lpwa-modem";
        SSL_CTX_set_session_id_context(ctx, sidContext, sizeof(sidContext) - 1);
        SSL_CTX_set_timeout(ctx, static_cast<long>(m_sessionLifetime.GetSeconds()));
        if (config.sessionResumption)
        {
            SSL_CTX_set_session_cache_mode(ctx,
                                           SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL |
                                               SSL_SESS_CACHE_NO_AUTO_CLEAR);
            SSL_CTX_sess_set_new_cb(ctx, &TlsContext::NewSessionCb);
            SSL_CTX_sess_set_remove_cb(ctx, &TlsContext::RemoveSessionCb);
            SSL_CTX_sess_set_get_cb(ctx, &TlsContext::GetSessionCb);
            if (tickets)
            {
                SSL_CTX_set_session_ticket_cb(ctx,
                                              &TlsContext::TicketGenCb,
                                              &TlsContext::TicketDecCb,
                                              this);
            }
        }
        else
        {
            SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
            SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
            SSL_CTX_set_num_tickets(ctx, 0);
        }
        if (!config.pskKeys.empty())
        {
            SSL_CTX_set_psk_server_callback(ctx, &TlsContext::PskServerCb);
        }
    }
    else
    {
        // The endpoint installs the new-session callback that captures sessions.
        SSL_CTX_set_session_cache_mode(ctx,
                                       config.sessionResumption
                                           ? SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL
                                           : SSL_SESS_CACHE_OFF);
        if (!config.pskIdentity.empty())
        {
            SSL_CTX_set_psk_client_callback(ctx, &TlsContext::PskClientCb);
        }
    }
    m_ctx = guard.release();
    return "";
}

TlsContext*
TlsContext::FromSsl(SSL* ssl)
{
    SSL_CTX* ctx = SSL_get_SSL_CTX(ssl);
    return ctx == nullptr ? nullptr
                          : static_cast<TlsContext*>(SSL_CTX_get_ex_data(ctx, ContextIndex()));
}

int
TlsContext::NewSessionCb(SSL* ssl, SSL_SESSION* session)
{
    TlsContext* self = FromSsl(ssl);
    if (self == nullptr)
    {
        return 0;
    }
    unsigned int length = 0;
    const unsigned char* id = SSL_SESSION_get_id(session, &length);
    if (length == 0)
    {
        return 0;
    }
    std::string key(reinterpret_cast<const char*>(id), length);
    auto it = self->m_cache.find(key);
    if (it != self->m_cache.end())
    {
        SSL_SESSION_free(it->second.session);
        self->m_cache.erase(it);
    }
    while (self->m_cache.size() >= self->m_sessionCacheSize && !self->m_cacheOrder.empty())
    {
        auto old = self->m_cache.find(self->m_cacheOrder.front());
        self->m_cacheOrder.pop_front();
        if (old != self->m_cache.end())
        {
            SSL_SESSION_free(old->second.session);
            self->m_cache.erase(old);
        }
    }
    self->m_cache[key] = CacheEntry{session, Simulator::Now()};
    self->m_cacheOrder.push_back(key);
    static const char* hex = "0123456789abcdef";
    std::string hexId;
    for (unsigned char c : key)
    {
        hexId += hex[c >> 4];
        hexId += hex[c & 15];
    }
    NS_LOG_LOGIC("cached session " << hexId);
    self->m_sessionCachedTrace(hexId);
    return 1; // we keep the reference
}

void
TlsContext::RemoveSessionCb(SSL_CTX* ctx, SSL_SESSION* session)
{
    auto self = static_cast<TlsContext*>(SSL_CTX_get_ex_data(ctx, ContextIndex()));
    if (self == nullptr)
    {
        return;
    }
    unsigned int length = 0;
    const unsigned char* id = SSL_SESSION_get_id(session, &length);
    auto it = self->m_cache.find(std::string(reinterpret_cast<const char*>(id), length));
    if (it != self->m_cache.end() && it->second.session == session)
    {
        SSL_SESSION_free(it->second.session);
        self->m_cache.erase(it);
    }
}

SSL_SESSION*
TlsContext::GetSessionCb(SSL* ssl, const unsigned char* id, int idLength, int* copy)
{
    *copy = 0;
    TlsContext* self = FromSsl(ssl);
    if (self == nullptr || idLength <= 0)
    {
        return nullptr;
    }
    auto it = self->m_cache.find(std::string(reinterpret_cast<const char*>(id), idLength));
    if (it == self->m_cache.end())
    {
        self->m_resumptionLookupTrace(false);
        return nullptr;
    }
    if (Simulator::Now() - it->second.storedAt >= self->m_sessionLifetime)
    {
        NS_LOG_LOGIC("session expired in simulated time");
        SSL_SESSION_free(it->second.session);
        self->m_cache.erase(it);
        self->m_resumptionLookupTrace(false);
        return nullptr;
    }
    // OpenSSL then checks the session against the host clock: stamp it with the host's now.
    SSL_SESSION_set_time(it->second.session, static_cast<long>(std::time(nullptr)));
    *copy = 1;
    self->m_resumptionLookupTrace(true);
    return it->second.session;
}

int
TlsContext::TicketGenCb(SSL* ssl, void* arg)
{
    auto self = static_cast<TlsContext*>(arg);
    if (FromSsl(ssl) == nullptr || self == nullptr)
    {
        return 1;
    }
    SSL_SESSION* session = SSL_get_session(ssl);
    if (session == nullptr)
    {
        return 1;
    }
    TicketAppData data{Simulator::Now().GetNanoSeconds()};
    SSL_SESSION_set1_ticket_appdata(session, &data, sizeof(data));
    // The ticket encrypts the session time: make it a function of simulated time.
    SSL_SESSION_set_time(session, static_cast<long>(Simulator::Now().GetSeconds()));
    return 1;
}

int
TlsContext::TicketDecCb(SSL* ssl,
                        SSL_SESSION* session,
                        const unsigned char* /* keyName */,
                        size_t /* keyNameLength */,
                        int status,
                        void* arg)
{
    auto self = static_cast<TlsContext*>(arg);
    switch (status)
    {
        case SSL_TICKET_EMPTY:
        case SSL_TICKET_NO_DECRYPT:
            return SSL_TICKET_RETURN_IGNORE_RENEW;
        case SSL_TICKET_FATAL_ERR_MALLOC:
        case SSL_TICKET_FATAL_ERR_OTHER:
            return SSL_TICKET_RETURN_ABORT;
        default:
            break;
    }
    if (self == nullptr || FromSsl(ssl) == nullptr || session == nullptr)
    {
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    }
    void* raw = nullptr;
    size_t length = 0;
    if (SSL_SESSION_get0_ticket_appdata(session, &raw, &length) != 1 ||
        length != sizeof(TicketAppData))
    {
        self->m_resumptionLookupTrace(false);
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    }
    TicketAppData data;
    std::memcpy(&data, raw, sizeof(data));
    Time age = Simulator::Now() - NanoSeconds(data.issuedNs);
    if (age >= self->m_sessionLifetime || age.IsStrictlyNegative())
    {
        NS_LOG_LOGIC("ticket expired in simulated time (age " << age.As(Time::S) << ")");
        self->m_resumptionLookupTrace(false);
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    }
    SSL_SESSION_set_time(session, static_cast<long>(std::time(nullptr)));
    self->m_resumptionLookupTrace(true);
    return status == SSL_TICKET_SUCCESS_RENEW ? SSL_TICKET_RETURN_USE_RENEW : SSL_TICKET_RETURN_USE;
}

unsigned int
TlsContext::PskClientCb(SSL* ssl,
                        const char* /* hint */,
                        char* identity,
                        unsigned int maxIdentityLength,
                        unsigned char* psk,
                        unsigned int maxPskLength)
{
    TlsContext* self = FromSsl(ssl);
    if (self == nullptr)
    {
        return 0;
    }
    const TlsConfig& c = self->m_config;
    if (c.pskIdentity.size() + 1 > maxIdentityLength || c.pskKey.size() > maxPskLength)
    {
        return 0;
    }
    std::memcpy(identity, c.pskIdentity.c_str(), c.pskIdentity.size() + 1);
    std::memcpy(psk, c.pskKey.data(), c.pskKey.size());
    return static_cast<unsigned int>(c.pskKey.size());
}

unsigned int
TlsContext::PskServerCb(SSL* ssl,
                        const char* identity,
                        unsigned char* psk,
                        unsigned int maxPskLength)
{
    TlsContext* self = FromSsl(ssl);
    if (self == nullptr || identity == nullptr)
    {
        return 0;
    }
    auto it = self->m_config.pskKeys.find(identity);
    if (it == self->m_config.pskKeys.end() || it->second.size() > maxPskLength)
    {
        NS_LOG_LOGIC("unknown PSK identity '" << identity << "'");
        return 0;
    }
    std::memcpy(psk, it->second.data(), it->second.size());
    return static_cast<unsigned int>(it->second.size());
}

} // namespace lpwa
} // namespace ns3
