/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_PDP_CONTEXT_H
#define LPWA_PDP_CONTEXT_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief One PDP context of a module (`AT+QICSGP`, `AT+QIACT`, `AT+MIPCALL`).
 */
class PdpContext
{
  public:
    /// The context's state.
    enum State
    {
        INACTIVE,    //!< not activated
        ACTIVATING,  //!< activation under way
        ACTIVE,      //!< activated: the module has an IP address
        DEACTIVATING //!< deactivation under way
    };

    /// \brief \return the state
    State GetState() const;
    /**
     * \brief Set the state.
     * \param state the state
     */
    void SetState(State state);
    /// \brief \return true if the context is ACTIVE
    bool IsActive() const;

    /// \brief \return the context type (1 IPv4, 2 IPv6, 3 IPv4v6)
    uint8_t GetType() const;
    /// \brief \return the APN
    const std::string& GetApn() const;
    /// \brief \return the user name
    const std::string& GetUser() const;
    /// \brief \return the password
    const std::string& GetPassword() const;
    /// \brief \return the authentication method (0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP)
    uint8_t GetAuthentication() const;
    /// \brief \return true once `AT+QICSGP` configured the context
    bool IsConfigured() const;

    /**
     * \brief Configure the context (`AT+QICSGP`).
     * \param type context type
     * \param apn APN
     * \param user user name
     * \param password password
     * \param authentication authentication method
     */
    void Configure(uint8_t type,
                   const std::string& apn,
                   const std::string& user,
                   const std::string& password,
                   uint8_t authentication);

    /// \brief \return the address assigned on activation
    Ipv4Address GetAddress() const;
    /**
     * \brief Set the address assigned on activation.
     * \param address the address
     */
    void SetAddress(Ipv4Address address);

  private:
    State m_state{INACTIVE};     //!< state
    uint8_t m_type{1};           //!< context type
    std::string m_apn;           //!< APN
    std::string m_user;          //!< user name
    std::string m_password;      //!< password
    uint8_t m_authentication{0}; //!< authentication
    bool m_configured{false};    //!< configured by the host
    Ipv4Address m_address;       //!< assigned address
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_PDP_CONTEXT_H
