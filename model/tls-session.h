/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_SESSION_H
#define LPWA_TLS_SESSION_H

#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <string>

struct ssl_session_st;

namespace ns3
{
namespace lpwa
{

/**
 * \brief A client's resumable TLS session: the OpenSSL SSL_SESSION (session ID or ticket),
 * the simulated time it was obtained and its lifetime.
 *
 * TlsEndpoint::GetSession() hands one out after a client handshake (updated when a TLS 1.3
 * ticket arrives); TlsEndpoint::SetSession() offers it on a later connection, but only while
 * IsValidAt(Simulator::Now()) holds: expiry is judged in simulated time, never on the host
 * clock.
 */
class TlsSession : public SimpleRefCount<TlsSession>
{
  public:
    /**
     * \brief Take a reference to an OpenSSL session.
     * \param session the session (its reference count is incremented); fatal error if null
     * \param obtainedAt the simulated time the client received it
     * \param lifetime how long it may be offered (SSL_SESSION_get_timeout)
     */
    TlsSession(struct ssl_session_st* session, Time obtainedAt, Time lifetime);
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    /**
     * \brief Get the OpenSSL session (still owned by this object).
     * \return the session
     */
    struct ssl_session_st* Get() const;

    /**
     * \brief Get the simulated time the session was obtained.
     * \return the time
     */
    Time GetObtainedAt() const;

    /**
     * \brief Get the session's lifetime.
     * \return the lifetime
     */
    Time GetLifetime() const;

    /**
     * \brief Override the lifetime the client assumes (e.g. to offer a session the server
     * should refuse).
     * \param lifetime the new lifetime (>= 0; negative is a fatal error)
     */
    void SetLifetime(Time lifetime);

    /**
     * \brief Tell whether the session may be offered at a simulated time.
     * \param now the simulated time
     * \return true if now - obtainedAt < lifetime
     */
    bool IsValidAt(Time now) const;

    /**
     * \brief Tell whether the session carries a ticket (rather than a session ID only).
     * \return true if it has a ticket
     */
    bool HasTicket() const;

    /**
     * \brief Record the security policy the session was obtained under.
     * \param digest TlsConfig::GetSecurityDigest() of the client's configuration
     * \param peerVerified true if the server's certificate was verified and passed
     */
    void SetPolicy(const std::string& digest, bool peerVerified);

    /**
     * \brief Get the digest of the policy the session was obtained under.
     * \return the digest ("" if none was recorded)
     */
    const std::string& GetPolicyDigest() const;

    /**
     * \brief Tell whether the server's certificate passed verification when the session was
     * obtained (false when verification was off).
     * \return true if verified
     */
    bool IsPeerVerified() const;

    /**
     * \brief Tell whether a client may offer the session under a policy.
     *
     * Only under the very policy it was obtained with, and, where that policy verifies the
     * server, only if the verification passed: a resumed handshake checks no certificate.
     * \param digest TlsConfig::GetSecurityDigest() of the client's current configuration
     * \param verifies whether the current configuration verifies the server
     * \return true if it may be offered
     */
    bool IsUsableUnder(const std::string& digest, bool verifies) const;

  private:
    struct ssl_session_st* m_session; //!< owned reference
    std::string m_policy;             //!< security digest it was obtained under
    bool m_peerVerified{false};       //!< the server's certificate passed verification
    Time m_obtainedAt;                //!< simulated time obtained
    Time m_lifetime;                  //!< lifetime
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_SESSION_H
