/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-session.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <openssl/ssl.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsSession");

TlsSession::TlsSession(SSL_SESSION* session, Time obtainedAt, Time lifetime)
    : m_session(session)
    , m_obtainedAt(obtainedAt)
    , m_lifetime(lifetime)
{
    if (session == nullptr)
    {
        NS_FATAL_ERROR("TlsSession: session is null");
    }
    SSL_SESSION_up_ref(m_session);
}

TlsSession::~TlsSession()
{
    SSL_SESSION_free(m_session);
}

SSL_SESSION*
TlsSession::Get() const
{
    return m_session;
}

Time
TlsSession::GetObtainedAt() const
{
    return m_obtainedAt;
}

Time
TlsSession::GetLifetime() const
{
    return m_lifetime;
}

void
TlsSession::SetLifetime(Time lifetime)
{
    if (lifetime.IsStrictlyNegative())
    {
        NS_FATAL_ERROR("TlsSession::SetLifetime: lifetime " << lifetime << " is negative");
    }
    m_lifetime = lifetime;
}

bool
TlsSession::IsValidAt(Time now) const
{
    return now - m_obtainedAt < m_lifetime;
}

void
TlsSession::SetPolicy(const std::string& digest, bool peerVerified)
{
    m_policy = digest;
    m_peerVerified = peerVerified;
}

const std::string&
TlsSession::GetPolicyDigest() const
{
    return m_policy;
}

bool
TlsSession::IsPeerVerified() const
{
    return m_peerVerified;
}

bool
TlsSession::IsUsableUnder(const std::string& digest, bool verifies) const
{
    return !m_policy.empty() && m_policy == digest && (!verifies || m_peerVerified);
}

bool
TlsSession::HasTicket() const
{
    return SSL_SESSION_has_ticket(m_session) == 1;
}

} // namespace lpwa
} // namespace ns3
