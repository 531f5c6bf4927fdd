/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_GENERAL_COMMANDS_H
#define LPWA_GENERAL_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "cellular-registration.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The SIM, identity, signal and operator commands that host drivers send before
 *        anything else (3GPP TS 27.007 and the vendors' forms of them), for both dialects.
 *
 * Both dialects: `AT+CPIN` (the SIM is ready and has no PIN), `AT+CIMI`, `AT+CCID`,
 * `AT+GSN`, `AT+CGSN[=<snt>]`, `AT+CSQ`, `AT+CESQ`, `AT+COPS`. Quectel adds `AT+QCCID`,
 * `AT+QCSQ`, `AT+QNWINFO` and `AT+QSPN`; OneMO adds `AT+ICCID`.
 *
 * Identities (ModuleIdentity): IMEI, IMSI and ICCID are the attributes when set (checked:
 * digits, length, Luhn digit), else derived from the node ID, so every device has its own and
 * a run gives the same ones every time.
 *
 * Signal: while registered, from the coupling loss of the node's RadioUeNetDevice (its `Mcl`,
 * or the middle of its forced coverage class), else from `CouplingLoss`. The link-budget
 * assumptions: the cell's reference signal power per resource element is its transmit power
 * spread over its subcarriers (NB-IoT 43 dBm over 12, LTE-M and Cat.1 46 dBm over 1200), the
 * UE noise figure is 5 dB (NB-IoT) or 9 dB (LTE-M, Cat.1), the thermal noise is -174 dBm/Hz,
 * and every resource element of the measured bandwidth carries signal (full load). RSRP is
 * the power per resource element minus the coupling loss; RSSI is the total over the
 * measured subcarriers (12 NB-IoT, 72 LTE-M) of signal and noise; RSRQ is N x RSRP / RSSI
 * (N resource blocks); SINR is RSRP over the noise per resource element. `+CSQ` maps RSSI as
 * TS 27.007 does (-113 dBm + 2 dB per step, 0-31), `+CESQ` maps RSRQ and RSRP (TS 36.133
 * 9.1.4 and 9.1.7 reporting ranges), `+QCSQ` gives them in dBm and SINR in 1/5 dB above
 * -20 dB (0-250).
 *
 * Operator: the network's PLMN (`Mcc`, `Mnc`) and names (`OperatorLongName`,
 * `OperatorShortName`); the default is the 3GPP test PLMN 001/01. `AT+COPS=?` answers after
 * `NetworkScanTime`.
 */
class GeneralCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    GeneralCommands();
    ~GeneralCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;

    /// \brief \return the IMEI the module reports
    std::string GetImei() const;
    /// \brief \return the IMSI the SIM reports
    std::string GetImsi() const;
    /// \brief \return the ICCID the SIM reports
    std::string GetIccid() const;

    /// What a module measures on the serving cell.
    struct Signal
    {
        double rsrp; //!< dBm
        double rssi; //!< dBm
        double rsrq; //!< dB
        double sinr; //!< dB
        bool nbIot;  //!< NB-IoT (else LTE-M / Cat.1)
    };

    /**
     * \brief The measurements at a coupling loss, with the link-budget assumptions above.
     * \param couplingLoss dB
     * \param nbIot true for an NB-IoT cell
     * \return the measurements
     */
    static Signal ComputeSignal(double couplingLoss, bool nbIot);

    /**
     * \brief The `+CSQ` <rssi> of an RSSI (TS 27.007 8.5).
     * \param rssiDbm dBm
     * \return 0-31
     */
    static uint32_t CsqIndex(double rssiDbm);

  protected:
    void DoDispose() override;

  private:
    Ptr<CellularRegistration> GetRegistration() const;
    /// The index derived identities use: the module node's ID.
    uint64_t GetDeviceIndex() const;
    bool GetCurrentSignal(Signal& signal) const;
    std::string OperatorName(uint32_t format) const;
    uint32_t AccessTechnology() const;
    void CheckAttributes() const;
    /**
     * Answer the forms of an execute-only command: test is OK (after \p testLine if any),
     * read and write are ERROR.
     * \return true when answered (the command was not the execute form)
     */
    bool AnsweredAsNotExecute(const AtCommand& c, const std::string& testLine = "") const;

    void Cpin(const AtCommand& c);
    void Cimi(const AtCommand& c);
    void Iccid(const AtCommand& c, const std::string& prefix);
    void Gsn(const AtCommand& c);
    void Cgsn(const AtCommand& c);
    void Csq(const AtCommand& c);
    void Cesq(const AtCommand& c);
    void Qcsq(const AtCommand& c);
    void Cops(const AtCommand& c);
    void Qnwinfo(const AtCommand& c);
    void Qspn(const AtCommand& c);

    Ptr<LpwaModule> m_module;  //!< the module
    std::string m_imei;        //!< Imei attribute
    std::string m_imsi;        //!< Imsi attribute
    std::string m_iccid;       //!< Iccid attribute
    std::string m_tac;         //!< Tac attribute
    std::string m_mcc;         //!< Mcc attribute
    std::string m_mnc;         //!< Mnc attribute
    std::string m_longName;    //!< OperatorLongName attribute
    std::string m_shortName;   //!< OperatorShortName attribute
    double m_standInLoss{120}; //!< CouplingLoss attribute
    Time m_scanTime;           //!< NetworkScanTime attribute
    uint32_t m_copsFormat{0};  //!< AT+COPS=3,<format>
    uint32_t m_copsMode{0};    //!< AT+COPS <mode>: 0 automatic, 1 manual, 2 deregistered
    EventId m_scan;            //!< AT+COPS=? running
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_GENERAL_COMMANDS_H
