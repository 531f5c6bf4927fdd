/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pdp-context.h"

namespace ns3
{
namespace lpwa
{

PdpContext::State
PdpContext::GetState() const
{
    return m_state;
}

void
PdpContext::SetState(State state)
{
    m_state = state;
}

bool
PdpContext::IsActive() const
{
    return m_state == ACTIVE;
}

uint8_t
PdpContext::GetType() const
{
    return m_type;
}

const std::string&
PdpContext::GetApn() const
{
    return m_apn;
}

const std::string&
PdpContext::GetUser() const
{
    return m_user;
}

const std::string&
PdpContext::GetPassword() const
{
    return m_password;
}

uint8_t
PdpContext::GetAuthentication() const
{
    return m_authentication;
}

bool
PdpContext::IsConfigured() const
{
    return m_configured;
}

void
PdpContext::Configure(uint8_t type,
                      const std::string& apn,
                      const std::string& user,
                      const std::string& password,
                      uint8_t authentication)
{
    m_type = type;
    m_apn = apn;
    m_user = user;
    m_password = password;
    m_authentication = authentication;
    m_configured = true;
}

Ipv4Address
PdpContext::GetAddress() const
{
    return m_address;
}

void
PdpContext::SetAddress(Ipv4Address address)
{
    m_address = address;
}

} // namespace lpwa
} // namespace ns3
