/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_NETWORK_COMMANDS_H
#define LPWA_ONEMO_NETWORK_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "cellular-registration.h"

#include "ns3/event-id.h"
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
 * \brief China Mobile OneMO (ML307/ML302/MN316) data-call and DNS commands: `AT+MIPCALL`,
 *        `AT+MDNSGIP`, plus the shared 3GPP `AT+CEREG`, `AT+CGATT`, `AT+CGPADDR` through a
 *        CellularRegistration it owns and installs (attribute `Registration`).
 *
 * - `AT+MIPCALL?`: `+MIPCALL: <cid>,1,"<ip>"` for every active context, then OK.
 * - `AT+MIPCALL=1,<cid>[,"<apn>"[,"<user>","<password>"[,<auth>]]]`: OK, then after
 *   `ActivationTime` the URC `+MIPCALL: <cid>,1,"<ip>"` (or `+MIPCALL: <cid>,0` when the
 *   activation fails with probability `ActivationFailureProbability`).
 * - `AT+MIPCALL=0,<cid>`: OK, then after `DeactivationTime` `+MIPCALL: <cid>,0`.
 * - `AT+MDNSGIP="<host>"[,<cid>]`: OK, then `+MDNSGIP: "<host>","<ip>"[,"<ip>"...]`; a failed
 *   lookup gives the URC with the domain name alone, `+MDNSGIP: "<host>"` (the command has
 *   exactly one final result code, its OK; AT+CEER-style last error 580). One lookup at a
 *   time: a second one while the first is under way is `+CME ERROR: 581` (DNS busy).
 *
 * Errors (OneMO TCP/IP error codes, recorded with LpwaModule::SetLastError()): 50 bad
 * parameter, 570 PDP context not active, 571 activation failed (not attached, context already
 * active or activating, too many active contexts), 572 deactivation of an inactive context,
 * 580 DNS failure, 581 DNS busy. A network-side deactivation (NetworkDetach()) sends
 * `+MIPCALL: <cid>,0` and LpwaModule::NotifyPdpDeactivated(cid, true).
 */
class OneMoNetworkCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OneMoNetworkCommands();
    ~OneMoNetworkCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;
    void PowerOn() override;

    /// \brief \return the AT+CFUN level (1 full, 0 minimum, 4 flight mode)
    uint8_t GetFunctionality() const;

    /// \brief \return the registration part (`AT+CEREG`, `AT+CGATT`, `AT+CGPADDR`)
    Ptr<CellularRegistration> GetRegistration() const;

    /**
     * \brief The network tears down every active PDP context: `+MIPCALL: <cid>,0` and
     *        LpwaModule::NotifyPdpDeactivated(cid, true) for each.
     */
    void NetworkDetach();

    /**
     * \brief Use fixed random streams.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream) override;

  protected:
    void DoDispose() override;

  private:
    void DeactivateAll(bool byNetwork);
    void Deactivate(uint32_t cid, bool byNetwork);
    bool ParseCid(const AtParameter& p, uint32_t& cid) const;
    void Fail(uint32_t code);

    void Mipcall(const AtCommand& c);
    void Mdnsgip(const AtCommand& c);
    void Cfun(const AtCommand& c);
    void Mreboot(const AtCommand& c);
    void Mpof(const AtCommand& c);
    /**
     * Answer AT+MREBOOT / AT+MPOF: test OK, read or a <mode> other than 0 ERROR, else OK and
     * \p urc.
     * \return true when the command is to be carried out
     */
    bool AcceptPowerCommand(const AtCommand& c, const std::string& urc);

    Ptr<LpwaModule> m_module;                 //!< the module
    Ptr<CellularRegistration> m_registration; //!< CEREG / CGATT / CGPADDR
    bool m_dnsBusy{false};                    //!< an AT+MDNSGIP lookup is under way
    uint8_t m_fun{1};                         //!< AT+CFUN level
    std::vector<EventId> m_pending;           //!< activation timers
    Time m_activationTime;                    //!< ActivationTime attribute
    Time m_deactivationTime;                  //!< DeactivationTime attribute
    double m_failureProbability{0};           //!< ActivationFailureProbability attribute
    Ptr<UniformRandomVariable> m_rng;         //!< activation failures
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ONEMO_NETWORK_COMMANDS_H
