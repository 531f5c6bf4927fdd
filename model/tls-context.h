/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_CONTEXT_H
#define LPWA_TLS_CONTEXT_H

#include "tls-config.h"
#include "tls-random.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>

struct ssl_ctx_st;
struct ssl_st;
struct ssl_session_st;

namespace ns3
{
namespace lpwa
{

/**
 * \brief One OpenSSL SSL_CTX built from a TlsConfig; a server's connections share one.
 *
 * The SSL_CTX is created under a TlsRandom::Scope of the context's own TlsRandomSource (the
 * session-ticket keys are drawn then), so it is reproducible.
 *
 * Server session resumption never looks at the host clock for expiry:
 *  - session IDs: OpenSSL's internal cache is off (SSL_SESS_CACHE_NO_INTERNAL); this object
 *    keeps the sessions, keyed by session ID, at most `SessionCacheSize` of them (oldest
 *    evicted first), each valid for `SessionLifetime` of simulated time after it was stored.
 *    A session handed back to OpenSSL gets the host's current time stamped on it, so that
 *    OpenSSL's own (host-clock) timeout check passes; expiry is decided here.
 *  - tickets: a ticket-generation callback stores the simulated issue time in the ticket's
 *    application data (and a deterministic session time, so the encrypted ticket bytes do not
 *    depend on the host clock); the decryption callback rejects a ticket older than
 *    `SessionLifetime` in simulated time (SSL_TICKET_RETURN_IGNORE_RENEW: full handshake, new
 *    ticket) and restamps an accepted one with the host's time.
 */
class TlsContext : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsContext();
    ~TlsContext() override;

    /**
     * \brief Build the SSL_CTX. Call once, after setting attributes and AssignStreams().
     * \param config the configuration (validated here with TlsConfig::Validate())
     * \return "" on success, else the reason (invalid configuration or OpenSSL refusal)
     */
    std::string Configure(const TlsConfig& config);

    /**
     * \brief Tell whether Configure() succeeded.
     * \return true if the SSL_CTX exists
     */
    bool IsConfigured() const;

    /**
     * \brief Get the configuration given to Configure().
     * \return the configuration
     */
    const TlsConfig& GetConfig() const;

    /**
     * \brief Get the configuration's security digest (TlsConfig::GetSecurityDigest()), computed
     * once by Configure().
     * \return 64 hex digits ("" before Configure())
     */
    const std::string& GetSecurityDigest() const;

    /**
     * \brief Get the OpenSSL context (owned by this object).
     * \return the SSL_CTX; fatal error before Configure()
     */
    struct ssl_ctx_st* GetSslCtx() const;

    /**
     * \brief Get the random source the SSL_CTX was created with.
     * \return the source
     */
    Ptr<TlsRandomSource> GetRandomSource() const;

    /**
     * \brief Use a fixed ns-3 random stream for this context's source.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Get the number of sessions in the server's session-ID cache.
     * \return the count
     */
    uint32_t GetCachedSessionCount() const;

    /**
     * \brief Get the session lifetime (SessionLifetime attribute).
     * \return the lifetime
     */
    Time GetSessionLifetime() const;

  protected:
    void DoDispose() override;

  private:
    /// A session-ID cache entry.
    struct CacheEntry
    {
        struct ssl_session_st* session; //!< owned reference
        Time storedAt;                  //!< simulated time stored
    };

    /// OpenSSL new-session callback (server cache).
    static int NewSessionCb(struct ssl_st* ssl, struct ssl_session_st* session);
    /// OpenSSL remove-session callback (server cache).
    static void RemoveSessionCb(struct ssl_ctx_st* ctx, struct ssl_session_st* session);
    /// OpenSSL get-session callback (server cache).
    static struct ssl_session_st* GetSessionCb(struct ssl_st* ssl,
                                               const unsigned char* id,
                                               int idLength,
                                               int* copy);
    /// OpenSSL ticket generation callback.
    static int TicketGenCb(struct ssl_st* ssl, void* arg);
    /// OpenSSL ticket decryption callback.
    static int TicketDecCb(struct ssl_st* ssl,
                           struct ssl_session_st* session,
                           const unsigned char* keyName,
                           size_t keyNameLength,
                           int status,
                           void* arg);
    /// OpenSSL PSK client callback.
    static unsigned int PskClientCb(struct ssl_st* ssl,
                                    const char* hint,
                                    char* identity,
                                    unsigned int maxIdentityLength,
                                    unsigned char* psk,
                                    unsigned int maxPskLength);
    /// OpenSSL PSK server callback.
    static unsigned int PskServerCb(struct ssl_st* ssl,
                                    const char* identity,
                                    unsigned char* psk,
                                    unsigned int maxPskLength);
    /// Find the TlsContext of an SSL (null once disposed).
    static TlsContext* FromSsl(struct ssl_st* ssl);
    /// Drop every cached session.
    void ClearCache();

    TlsConfig m_config;                        //!< configuration
    std::string m_securityDigest;              //!< m_config.GetSecurityDigest()
    struct ssl_ctx_st* m_ctx{nullptr};         //!< the SSL_CTX
    Ptr<TlsRandomSource> m_random;             //!< source for SSL_CTX_new
    Time m_sessionLifetime;                    //!< SessionLifetime attribute
    uint32_t m_sessionCacheSize{0};            //!< SessionCacheSize attribute
    bool m_ticketsEnabled{true};               //!< TicketsEnabled attribute
    std::map<std::string, CacheEntry> m_cache; //!< session ID -> session
    std::deque<std::string> m_cacheOrder;      //!< IDs, oldest first

    TracedCallback<std::string> m_sessionCachedTrace; //!< a session was stored (hex ID)
    TracedCallback<bool> m_resumptionLookupTrace;     //!< a lookup: found and fresh?
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_CONTEXT_H
