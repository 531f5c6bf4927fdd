/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CELLULAR_REGISTRATION_H
#define LPWA_CELLULAR_REGISTRATION_H

#include "at-command-set.h"
#include "at-command.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The dialect-independent 3GPP TS 27.007 registration commands: `AT+CEREG`,
 *        `AT+CGATT`, `AT+CGPADDR`, with the registration and attach stand-ins.
 *
 * Radio stand-ins (until a radio model exists): the module registers (`+CEREG` stat 1) and
 * attaches to packet service by itself `RegistrationTime` after the start of the simulation;
 * `AT+CGATT=1` takes `AttachTime`. A detach (`AT+CGATT=0`, radio off) calls the detach callback
 * so that the dialect's PDP commands drop their contexts. The PDP address is the IPv4 address
 * of the module node's interface 1.
 *
 * `AccessTechnology` is the <AcT> of `+CEREG` with `<n>`=2 (7 E-UTRAN, as OneMO reports;
 * QuectelNetworkCommands sets 8, E-UTRAN eMTC).
 *
 * Owned and installed by OneMoNetworkCommands and QuectelNetworkCommands.
 */
class CellularRegistration : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CellularRegistration();
    ~CellularRegistration() override;

    void Install(Ptr<LpwaModule> module) override;

    /**
     * \brief Set what a detach does to the PDP contexts (called with the radio still
     *        registered or not; the callee deactivates its contexts without URCs).
     * \param cb the callback
     */
    void SetDetachCallback(std::function<void()> cb);

    /**
     * \brief Switch the radio on or off. Off: the module deregisters (`+CEREG: 0` with
     *        `AT+CEREG=1`), detaches and loses its PDP contexts. On: registration completes
     *        `RegistrationTime` later.
     * \param enabled true to switch the radio on
     */
    void SetRadioEnabled(bool enabled);
    /// \brief \return true while the radio is on
    bool IsRadioEnabled() const;
    /// \brief \return true once the module is registered (`+CEREG` stat 1)
    bool IsRegistered() const;
    /// \brief \return true while attached to packet service (`+CGATT: 1`)
    bool IsAttached() const;
    /// \brief \return the IPv4 address of the module node's interface 1 (or 0.0.0.0)
    Ipv4Address GetNodeAddress() const;
    /**
     * \brief The address of a PDP context.
     * \param cid the context ID
     * \return the address while the context is active, 0.0.0.0 otherwise
     */
    Ipv4Address GetPdpAddress(uint32_t cid) const;

    /**
     * \brief Dotted-quad text of an address.
     * \param address the address
     * \return e.g. "10.0.0.2"
     */
    static std::string ToText(Ipv4Address address);

  protected:
    void DoDispose() override;

  private:
    void Register();
    std::string CeregLine() const;
    std::string CidRange() const;

    void Cgatt(const AtCommand& c);
    void Cereg(const AtCommand& c);
    void Cgpaddr(const AtCommand& c);

    Ptr<LpwaModule> m_module;         //!< the module
    bool m_registered{false};         //!< registered
    bool m_attached{false};           //!< attached to packet service
    uint8_t m_ceregMode{0};           //!< AT+CEREG=<n>
    bool m_radioEnabled{true};        //!< radio on
    EventId m_registrationEvent;      //!< automatic registration
    std::vector<EventId> m_pending;   //!< command timers
    std::function<void()> m_onDetach; //!< drops the PDP contexts
    Time m_registrationTime;          //!< RegistrationTime attribute
    Time m_attachTime;                //!< AttachTime attribute
    uint8_t m_accessTechnology{7};    //!< AccessTechnology attribute
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CELLULAR_REGISTRATION_H
