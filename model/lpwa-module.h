/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_LPWA_MODULE_H
#define LPWA_LPWA_MODULE_H

#include "at-command-set.h"
#include "at-engine.h"
#include "compute-resource.h"
#include "crypto-cost-model.h"
#include "dns-resolver.h"
#include "module-clock.h"
#include "module-file-system.h"
#include "module-profile.h"
#include "pdp-context.h"
#include "uart-channel.h"

#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A modelled cellular module: its AT engine, clock, file system, PDP contexts and the
 *        command sets of its dialect, living on an ns-3 node whose sockets it uses.
 *
 * The `Profile` attribute names the model (ModuleProfile); the module takes its limits and
 * timings from the profile and never branches on the model's name. Command sets
 * (AtCommandSet) register the dialect's commands on the engine when the module is
 * initialized.
 *
 * Its parts are attributes, so that scenarios can configure them by config path:
 * `AtEngine`, `Clock`, `FileSystem`, `Resolver` (pointers) and `CommandSets` (a vector), e.g.
 * `/NodeList/0/$ns3::lpwa::LpwaModule/AtEngine/ProcessingTime`. All are read-only.
 */
class LpwaModule : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LpwaModule();
    ~LpwaModule() override;

    /**
     * \brief Set the node whose IP stack the module uses.
     * \param node the node
     */
    void SetNode(Ptr<Node> node);
    /// \brief \return the node
    Ptr<Node> GetNode() const;

    /**
     * \brief Connect the module's AT engine to the module side of a UART.
     * \param uart the channel
     */
    void AttachUart(Ptr<UartChannel> uart);

    /// \brief \return the AT engine
    Ptr<AtEngine> GetAtEngine() const;
    /// \brief \return the module clock
    Ptr<ModuleClock> GetClock() const;
    /// \brief \return the file system
    Ptr<ModuleFileSystem> GetFileSystem() const;
    /// \brief \return the DNS resolver
    Ptr<DnsResolver> GetResolver() const;
    /**
     * \brief The module's MCU: one core that runs every TLS handshake's crypto in turn.
     * \return the compute resource
     */
    Ptr<ComputeResource> GetMcu() const;
    /// \brief \return the crypto costs of the profile's MCU class
    Ptr<CryptoCostModel> GetCryptoCostModel() const;
    /// \brief \return the profile named by the `Profile` attribute
    const ModuleProfile& GetProfile() const;

    /**
     * \brief Get a PDP context.
     * \param cid the context ID, within the profile's range
     * \return the context, or nullptr for an ID outside the range
     */
    PdpContext* GetPdpContext(uint32_t cid);

    /**
     * \brief Tell every listener that a PDP context was deactivated (by the host or the network).
     * \param cid the context ID
     * \param byNetwork true if the network tore it down
     */
    void NotifyPdpDeactivated(uint32_t cid, bool byNetwork);

    /**
     * \brief The module-wide TCP/IP settings of `AT+QICFG` (Quectel), not saved across a
     *        reset, as the manual says. Unset transparent-mode values leave the sockets'
     *        ModuleSocket attributes as they are.
     */
    struct TcpIpConfig
    {
        uint32_t maxBackoffs{12}; //!< "tcp/retranscfg" <max_backoffs>: retransmissions, 3-20
        uint32_t maxRto{600};     //!< "tcp/retranscfg" <max_rto>, 100 ms units, 5-1000
        int32_t transPktSize{-1}; //!< "transpktsize", 1-1460; -1: the socket attribute's
        int32_t transWaitTm{-1};  //!< "transwaittm", 100 ms units, 0-20; -1: the attribute's
    };

    /// \brief \return the AT+QICFG settings, to read or change
    TcpIpConfig& GetTcpIpConfig();

    /**
     * \brief Record the result of the last TCP/IP or SSL command (`AT+QIGETERROR`).
     * \param code the error code (0 for success)
     */
    void SetLastError(uint32_t code);
    /// \brief \return the last recorded error code
    uint32_t GetLastError() const;

    /**
     * \brief Add a command set; it is installed when the module is initialized (or at once
     *        if it already was).
     * \param set the command set
     */
    void AddCommandSet(Ptr<AtCommandSet> set);

    /**
     * \brief Find a command set by type.
     * \return the first set of type T, or nullptr
     */
    template <typename T>
    Ptr<T> GetCommandSet() const
    {
        for (const auto& set : m_commandSets)
        {
            Ptr<T> found = DynamicCast<T>(set);
            if (found)
            {
                return found;
            }
        }
        return nullptr;
    }

    /**
     * \brief Assign fixed random variable streams to the module's random variables.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Power the module down: the engine stops (AtEngine::PowerOff()), every command set
     *        drops its connections and unsaved settings (AtCommandSet::PowerOff(), in the
     *        reverse order of adding), the AT+QICFG settings and the last error return to their
     *        defaults. Files, saved settings and the clock stay. Nothing answers until
     *        PowerOn(). Calling it when off does nothing.
     */
    void PowerOff();

    /**
     * \brief Power the module up: `BootTime` later the engine answers again, the command sets
     *        start (registration) and the dialect's boot URCs follow: Quectel `RDY`,
     *        `+CFUN: <fun>`, `+CPIN: READY`, `+QUSIM: 1`, `+QIND: SMS DONE` at `BootTime`, then
     *        `APP RDY` `AppReadyTime` after them. Calling it when on or booting does nothing.
     * \param fun the functionality level the module boots into (`+CFUN: <fun>`; 0 and 4 leave
     *        the radio off)
     */
    void PowerOn(uint8_t fun = 1);

    /**
     * \brief Reset (AT+CFUN=<fun>,1): PowerOff() then PowerOn(fun).
     * \param fun the functionality level after the reset
     */
    void Restart(uint8_t fun = 1);

    /// \brief \return true while powered (not between PowerOff() and the end of the boot)
    bool IsPoweredOn() const;

    /**
     * \brief The functionality level the module last booted into (PowerOn()'s `fun`), for the
     *        command sets' PowerOn(): 1 unless a reset asked for 0 or 4.
     * \return 0, 1 or 4
     */
    uint8_t GetBootFunctionality() const;

    /// TracedCallback signature for PDP context deactivation.
    typedef void (*PdpDeactivatedTracedCallback)(uint32_t cid, bool byNetwork);

  protected:
    void DoInitialize() override;
    void DoDispose() override;

  private:
    /**
     * \brief Set the speed bracket of the MCU's crypto costs (attribute McuSpeed).
     * \param speed the bracket
     */
    void SetMcuSpeed(CryptoCostModel::Speed speed);

    /**
     * \brief Get the speed bracket of the MCU's crypto costs.
     * \return the bracket
     */
    CryptoCostModel::Speed GetMcuSpeed() const;

    /**
     * \brief Attribute setter for Profile.
     * \param name the profile name
     */
    void SetProfileName(const std::string& name);
    /**
     * \brief Attribute getter for Profile.
     * \return the profile name
     */
    std::string GetProfileName() const;

    Ptr<Node> m_node;                                            //!< the node
    Ptr<AtEngine> m_engine;                                      //!< AT engine
    Ptr<ModuleClock> m_clock;                                    //!< clock
    Ptr<ModuleFileSystem> m_fileSystem;                          //!< file system
    Ptr<DnsResolver> m_resolver;                                 //!< DNS resolver
    Ptr<ComputeResource> m_mcu;                                  //!< the MCU
    Ptr<CryptoCostModel> m_cryptoCost;                           //!< the MCU's crypto costs
    CryptoCostModel::Speed m_mcuSpeed{CryptoCostModel::NOMINAL}; //!< its speed bracket
    const ModuleProfile* m_profile{nullptr};                     //!< profile
    std::vector<PdpContext> m_pdp;                               //!< PDP contexts, index cid - min
    std::vector<Ptr<AtCommandSet>> m_commandSets;                //!< command sets
    bool m_initialized{false};                                   //!< DoInitialize ran
    uint32_t m_lastError{0};                                     //!< AT+QIGETERROR
    bool m_powered{true};                                        //!< not off or booting
    bool m_booting{false};                                       //!< PowerOn() scheduled
    uint8_t m_bootFun{1};                                        //!< PowerOn() fun
    EventId m_bootEvent;                                         //!< the end of the boot
    Time m_bootTime;                                             //!< BootTime attribute
    Time m_appReadyTime;                                         //!< AppReadyTime attribute
    TcpIpConfig m_tcpIp;                                         //!< AT+QICFG
    TracedCallback<uint32_t, bool> m_pdpDeactivated;             //!< PdpDeactivated trace
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_LPWA_MODULE_H
