/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_SYSTEM_COMMANDS_H
#define LPWA_QUECTEL_SYSTEM_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief General commands of the Quectel dialect: `AT+CCLK`, `AT+QIGETERROR`, `AT+CFUN`.
 *
 * - `AT+CCLK?` prints `+CCLK: "yy/MM/dd,hh:mm:ss±zz"` from the ModuleClock;
 *   `AT+CCLK="<time>"` sets it (an invalid time gives `ERROR`); `AT+CCLK=?` answers `OK`.
 * - `AT+QIGETERROR` prints `+QIGETERROR: <err>,<errcode_description>` for
 *   LpwaModule::GetLastError(), the description unquoted, in the wording of Table 5 of the SSL
 *   application note (GetErrorDescription()).
 * - `AT+CFUN?` prints `+CFUN: <fun>`; `AT+CFUN=<fun>[,<rst>]` stores 0, 1 or 4 (`<rst>` 0 or 1
 *   is accepted and ignored); the radio is not affected yet. `AT+CFUN=?` prints
 *   `+CFUN: (0,1,4),(0,1)`.
 *
 * `AT+CSSLCFG` is deliberately not a command of this dialect: the typo that EnviroDIY's driver
 * sends gets `ERROR` from the engine, as on a real module.
 */
class QuectelSystemCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelSystemCommands();
    ~QuectelSystemCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;
    void PowerOn() override;

    /// \brief \return the `AT+CFUN` functionality level (0, 1 or 4; initially 1)
    uint8_t GetFunctionality() const;
    /**
     * \brief Set the functionality level as AT+CFUN=<fun> does: 1 switches the radio on,
     *        0 and 4 off.
     * \param fun 0, 1 or 4
     */
    void SetFunctionality(uint8_t fun);

    /// \brief \return `AT+QCFG="nwscanmode"`: 0 automatic, 1 GSM only, 3 LTE only
    uint8_t GetScanMode() const;
    /// \brief \return `AT+QCFG="iotopmode"`: 0 eMTC, 1 NB-IoT, 2 both
    uint8_t GetIotOpMode() const;
    /// \brief \return `AT+QCFG="nwscanseq"`, e.g. `020301` (02 eMTC, 03 NB-IoT, 01 GSM)
    const std::string& GetScanSequence() const;

    /**
     * \brief The `<errcode_description>` of `AT+QIGETERROR`.
     * \param code the error code
     * \return Table 5's text (`Operation successful` for 0), else AtEngine::GetCmeErrorText()
     */
    static std::string GetErrorDescription(uint32_t code);

  protected:
    void DoDispose() override;

  private:
    /// \brief Handle `AT+CCLK`. \param command the command
    void HandleCclk(const AtCommand& command);
    /// \brief Handle `AT+QIGETERROR`. \param command the command
    void HandleQigeterror(const AtCommand& command);
    /// \brief Handle `AT+CFUN`. \param command the command
    void HandleCfun(const AtCommand& command);
    void HandleQpowd(const AtCommand& command);
    void HandleQlts(const AtCommand& command);
    void HandleQsclk(const AtCommand& command);
    /// \brief Handle `AT+QCFG`. \param command the command
    void HandleQcfg(const AtCommand& command);

    Ptr<LpwaModule> m_module;   //!< the module
    uint8_t m_fun{1};           //!< AT+CFUN level
    uint8_t m_sleepEnabled{0};  //!< AT+QSCLK
    uint8_t m_scanMode{0};      //!< AT+QCFG="nwscanmode"
    uint8_t m_iotOpMode{2};     //!< AT+QCFG="iotopmode"
    std::string m_scanSequence; //!< AT+QCFG="nwscanseq"
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_SYSTEM_COMMANDS_H
