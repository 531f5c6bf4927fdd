/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_NETWORK_COMMANDS_H
#define LPWA_QUECTEL_NETWORK_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "cellular-registration.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief Quectel network and PDP commands (BG95/BG77/BG600L TCP/IP Application Note):
 *        `AT+QICSGP`, `AT+QIACT`, `AT+QIDEACT`, `AT+QIDNSGIP`, `AT+QIDNSCFG`, plus the shared
 *        3GPP `AT+CGATT`, `AT+CEREG`, `AT+CGPADDR` through a CellularRegistration it owns and
 *        installs (attribute `Registration`; `RegistrationTime` and `AttachTime` forward to it).
 *
 * With a RadioUeNetDevice on the node, registration follows it and `AT+QIACT` is its ESM
 * exchange (CellularRegistration); a lost cell deactivates the contexts with
 * `+QIURC: "pdpdeact"`. Without one, stand-ins: the module registers (`+CEREG` stat 1) and
 * attaches to packet service by itself `RegistrationTime` after the start of the simulation;
 * `AT+CGATT=1` takes `AttachTime`, `AT+QIACT` `ActivationTime` and fails with probability
 * `ActivationFailureProbability` (ERROR, error 561); `AT+QIDEACT` takes `DeactivationTime`.
 * The PDP address is the IPv4 address of the module node's interface 1.
 */
class QuectelNetworkCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelNetworkCommands();
    ~QuectelNetworkCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;
    void PowerOn() override;

    /// \brief \return the registration part (`AT+CEREG`, `AT+CGATT`, `AT+CGPADDR`)
    Ptr<CellularRegistration> GetRegistration() const;

    /**
     * \brief The network tears down every active PDP context: `+QIURC: "pdpdeact",<cid>` and
     *        LpwaModule::NotifyPdpDeactivated(cid, true) for each.
     */
    void NetworkDetach();

    /**
     * \brief Switch the radio on or off (`AT+CFUN=1` / `AT+CFUN=0` or `4`). Off: the module
     *        deregisters (`+CEREG: 0` with `AT+CEREG=1`), detaches and loses its PDP contexts
     *        without URCs, as the host asked for it. On: registration completes
     *        `RegistrationTime` later.
     * \param enabled true to switch the radio on
     */
    void SetRadioEnabled(bool enabled);
    /// \brief \return true while the radio is on
    bool IsRadioEnabled() const;

    /// \brief \return the IPv4 address of the module node's interface 1 (or 0.0.0.0)
    Ipv4Address GetNodeAddress() const;
    /**
     * \brief The address of a PDP context.
     * \param cid the context ID
     * \return the address while the context is active, 0.0.0.0 otherwise
     */
    Ipv4Address GetPdpAddress(uint32_t cid) const;
    /// \brief \return true once the module is registered (`+CEREG` stat 1)
    bool IsRegistered() const;
    /// \brief \return true while attached to packet service (`+CGATT: 1`)
    bool IsAttached() const;

    /**
     * \brief Use fixed random streams.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream) override;

  protected:
    void DoDispose() override;

  private:
    void SetRegistrationTime(Time t);
    Time GetRegistrationTime() const;
    void SetAttachTime(Time t);
    Time GetAttachTime() const;

    void DeactivateAll(bool byNetwork);
    void Deactivate(uint32_t cid, bool byNetwork);
    bool ParseCid(const AtParameter& p, uint32_t& cid) const;
    std::string CidRange() const;

    void Qicsgp(const AtCommand& c);
    void Qiact(const AtCommand& c);
    void Qideact(const AtCommand& c);
    void Qidnsgip(const AtCommand& c);
    void Qidnscfg(const AtCommand& c);
    void Cgdcont(const AtCommand& c);
    void Cgact(const AtCommand& c);
    void StartActivation(uint32_t cid);
    void StartDeactivation(uint32_t cid);

    Ptr<LpwaModule> m_module;                 //!< the module
    Ptr<CellularRegistration> m_registration; //!< CEREG / CGATT / CGPADDR, radio on/off
    Ipv4Address m_secondaryDns;               //!< AT+QIDNSCFG <secdns>
    std::vector<EventId> m_pending;           //!< command timers
    Time m_activationTime;                    //!< ActivationTime attribute
    Time m_deactivationTime;                  //!< DeactivationTime attribute
    double m_failureProbability{0};           //!< ActivationFailureProbability attribute
    Ptr<UniformRandomVariable> m_rng;         //!< activation failures
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_NETWORK_COMMANDS_H
