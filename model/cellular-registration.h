/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CELLULAR_REGISTRATION_H
#define LPWA_CELLULAR_REGISTRATION_H

#include "at-command-set.h"
#include "at-command.h"
#include "radio-ue-net-device.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The dialect-independent 3GPP TS 27.007 registration commands: `AT+CREG`,
 *        `AT+CGREG`, `AT+CEREG`, `AT+CGATT`, `AT+CGPADDR`, `AT+CTZU`, `AT+CTZR`, following the
 * node's RadioUeNetDevice when it has one, else the registration and attach stand-ins.
 *
 * With a RadioUeNetDevice on the module's node (found when installed, or at the same
 * simulated time by a zero-delay event): registration is the device's NAS state. Registered
 * (IDLE, PSM, CONNECTING, CONNECTED) gives `+CEREG` stat 1 and `+CGATT: 1`; ATTACHING, or
 * DETACHED after a lost cell (the device reattaches when it returns), stat 2; DETACHED
 * otherwise stat 0. Each change of stat is a `+CREG:`, `+CGREG:` and `+CEREG:` URC for
 * each of the three whose `<n>` is 1 or more (CREG 0-3, CGREG and CEREG 0-5; the modelled
 * modules report the EPS registration in all three, as LTE modules with combined attach do).
 * `<n>` 2 and 3 add TAC, cell ID and AcT; `+CEREG` with 4 and 5 adds the PSM timers
 * (Active-Time, Periodic-TAU) while the device has PSM. A
 * registration lost without the host asking (cell outage) calls the network-detach
 * callback: the dialect deactivates its PDP contexts with its URCs. `AT+CGATT=1` and
 * SetRadioEnabled(true) call RadioUeNetDevice::Attach() and `AT+CGATT=1` answers when the
 * attach completes (`+CME ERROR: 30` when it fails with the cell up, or after
 * `AttachTimeout`); `AT+CGATT=0` and SetRadioEnabled(false) detach the device. The attach at
 * power-on is the radio helper's (CellularNetworkHelper's attach start). On each attach the
 * network's time (`NetworkTime`, NITZ in the EMM INFORMATION message) sets the module clock
 * unless `AT+CTZU=0`, and `AT+CTZR` 1/2/3 reports it as `+CTZV`/`+CTZE`/`+CTZEU`. `<AcT>` follows
 * the cell's technology (7 Cat.1, 8 Cat-M1, 9 NB-IoT).
 *
 * Without a radio device (point-to-point, CSMA, LTE/EPC links), the stand-ins: the module
 * registers (`+CEREG` stat 1) and attaches to packet service by itself `RegistrationTime`
 * after the start of the simulation; `AT+CGATT=1` takes `AttachTime`. A detach (`AT+CGATT=0`,
 * radio off) calls the detach callback so that the dialect's PDP commands drop their
 * contexts. `AccessTechnology` is the <AcT> of `+CEREG` with `<n>`=2 (7 E-UTRAN, as OneMO
 * reports; QuectelNetworkCommands sets 8, E-UTRAN eMTC).
 *
 * The PDP address is the IPv4 address of the module node's interface 1.
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
    void PowerOff() override;
    void PowerOn() override;

    /**
     * \brief Set what a detach does to the PDP contexts (called with the radio still
     *        registered or not; the callee deactivates its contexts without URCs).
     * \param cb the callback
     */
    void SetDetachCallback(std::function<void()> cb);
    /**
     * \brief Set what the network tearing the registration down does to the PDP contexts
     *        (a lost cell): the callee deactivates them with its URCs.
     * \param cb the callback
     */
    void SetNetworkDetachCallback(std::function<void()> cb);

    /**
     * \brief The network time of the last attach (NITZ), whatever AT+CTZU says.
     * \param utcAtReceipt receives the UTC time the network sent
     * \param zone receives its time zone (quarter hours)
     * \param receivedAt receives the simulated time it arrived
     * \return false when no network time has arrived
     */
    bool GetNetworkTime(int64_t& utcAtReceipt, int32_t& zone, Time& receivedAt) const;

    /// \brief \return the node's RadioUeNetDevice, or null (stand-in registration)
    Ptr<RadioUeNetDevice> GetRadioDevice() const;
    /**
     * \brief Run the signalling of a PDP context activation: with a radio device its ESM
     *        exchange in connected mode (RadioUeNetDevice::RequestSessionSignalling), else
     *        the caller's stand-in delay.
     * \param standIn the delay without a radio device
     * \param done called once with the result (never after this object is disposed)
     */
    void RunActivationSignalling(Time standIn, std::function<void(bool)> done);

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

    /**
     * \brief Encode a time as a TS 24.008 GPRS Timer 2 octet (10.5.7.4: T3324, Active-Time)
     *        or GPRS Timer 3 octet (10.5.7.4a: extended T3412, Periodic-TAU), as the 8-bit
     *        string of `+CEREG`/`+CPSMS`: 3 unit bits, 5 value bits. The coarsest unit that holds
     *        the value exactly is used, else the value is rounded up in the finest unit that
     *        holds it; a zero time is "deactivated" (unit 111) for Timer 3, value 0 for Timer 2.
     * \param t the time
     * \param timer3 true for GPRS Timer 3, false for GPRS Timer 2
     * \return eight '0'/'1' characters
     */
    static std::string EncodeGprsTimer(Time t, bool timer3);

    /**
     * \brief Decode an 8-bit GPRS Timer 2 / GPRS Timer 3 string (EncodeGprsTimer()'s inverse).
     * \param bits eight '0'/'1' characters
     * \param timer3 true for GPRS Timer 3
     * \param t receives the time (0 for "deactivated")
     * \return false when \p bits is not eight binary digits or uses a reserved unit
     */
    static bool DecodeGprsTimer(const std::string& bits, bool timer3, Time& t);

  protected:
    void DoDispose() override;

  private:
    void Register();
    void FindRadioDevice();
    void BindRadioDevice(Ptr<RadioUeNetDevice> device);
    void OnDeviceState(RadioUeNetDevice::State from, RadioUeNetDevice::State to);
    void OnServiceLost();
    void OnAttachFailed();
    void FinishAttachCommand(bool ok);
    void ApplyNetworkTime();
    void ReportStat();
    uint32_t GetStat() const;

    /// The three registration reports of TS 27.007: CS (+CREG), GPRS (+CGREG), EPS (+CEREG).
    enum RegistrationKind
    {
        CS,
        GPRS,
        EPS
    };

    std::string RegistrationLine(RegistrationKind kind) const;
    void SendRegistrationUrcs();
    void SendTimeZoneUrc();
    void RegistrationCommand(const AtCommand& c, RegistrationKind kind);
    void Ctzu(const AtCommand& c);
    void Ctzr(const AtCommand& c);
    void Cpsms(const AtCommand& c);
    void Cedrxs(const AtCommand& c);
    void ApplyPowerSaving();
    std::string CidRange() const;

    void Cgatt(const AtCommand& c);
    void Cgpaddr(const AtCommand& c);

    Ptr<LpwaModule> m_module;                //!< the module
    bool m_registered{false};                //!< registered
    bool m_attached{false};                  //!< attached to packet service
    uint8_t m_regModes[3]{0, 0, 0};          //!< AT+CREG / AT+CGREG / AT+CEREG <n>
    uint8_t m_ctzrMode{0};                   //!< AT+CTZR=<reporting>
    Time m_nitzReceived{Time(-1)};           //!< when the last NITZ arrived (negative: none)
    uint8_t m_psmMode{0};                    //!< AT+CPSMS <mode>
    std::string m_requestedTau;              //!< AT+CPSMS <Requested_Periodic-TAU> ("": none)
    std::string m_requestedActive;           //!< AT+CPSMS <Requested_Active-Time> ("": none)
    uint8_t m_edrxMode{0};                   //!< AT+CEDRXS <mode>
    uint8_t m_edrxAct{0};                    //!< AT+CEDRXS <AcT-type> (0: none)
    std::string m_edrxValue;                 //!< AT+CEDRXS <Requested_eDRX_value>
    bool m_radioEnabled{true};               //!< radio on
    EventId m_registrationEvent;             //!< automatic registration
    std::vector<EventId> m_pending;          //!< command timers
    std::function<void()> m_onDetach;        //!< drops the PDP contexts
    Time m_registrationTime;                 //!< RegistrationTime attribute
    Time m_attachTime;                       //!< AttachTime attribute
    uint8_t m_accessTechnology{7};           //!< AccessTechnology attribute
    std::function<void()> m_onNetworkDetach; //!< drops the PDP contexts with URCs
    Ptr<RadioUeNetDevice> m_device;          //!< the radio device, if any
    bool m_hostDetached{false};              //!< detached by AT+CGATT=0 / radio off
    bool m_searching{false};                 //!< lost the cell: the device reattaches
    bool m_attachCommand{false};             //!< AT+CGATT=1 waits for the device
    EventId m_attachTimeout;                 //!< AT+CGATT=1 gives up
    EventId m_findDevice;                    //!< zero-delay radio device lookup
    uint32_t m_reportedStat{0};              //!< last stat reported by URC
    bool m_nitzUpdate{true};                 //!< AT+CTZU
    Time m_cgattTimeout;                     //!< AttachTimeout attribute
    std::string m_networkTime;               //!< NetworkTime attribute
    std::shared_ptr<bool> m_alive;           //!< false once disposed
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CELLULAR_REGISTRATION_H
