/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_FILE_COMMANDS_H
#define LPWA_QUECTEL_FILE_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "at-engine.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The Quectel FILE commands on the UFS storage: `AT+QFUPL`, `AT+QFDEL`, `AT+QFLST`,
 *        `AT+QFLDS` (storage: ModuleFileSystem).
 *
 * `AT+QFUPL="<name>"[,<file_size>[,<timeout>[,<ackmode>]]]` answers `CONNECT`, reads the raw
 * file bytes and ends with `+QFUPL: <upload_size>,<checksum>` and `OK`. Modelling choices:
 * - `<file_size>` defaults to 10240 bytes (the Quectel FILE manual's default), `<timeout>` to
 *   5 s (unit: seconds, 1-65535);
 * - `<ackmode>` 0 only: the `A` acknowledgement of ackmode 1 is not modelled, so 1 gives ERROR;
 * - the upload ends when `<file_size>` bytes have arrived or `<timeout>` has passed since
 *   `CONNECT`; on a timeout the bytes received so far are saved and reported (this is how
 *   `AT+QFUPL="<name>"` without a size, as in example 3.6 of the SSL application note,
 *   works); a timeout with no byte received saves nothing and gives `+CME ERROR: 421`;
 * - `<checksum>` is ModuleFileSystem::QuectelChecksum() printed in lower-case hex without
 *   `0x` or leading zeros (e.g. `+QFUPL: 24,553` denotes 0x0553);
 * - errors (checked before `CONNECT`, and again when the data is written): invalid name 406,
 *   existing file 407, not enough free space 403 ("drive full"), too many files 420.
 *
 * `AT+QFDEL="<name>"` deletes one file, `AT+QFDEL="*"` all (OK even if none); a missing file
 * gives `+CME ERROR: 405`, an invalid name 406. `AT+QFLST[="<pattern>"]` prints
 * `+QFLST: "<name>",<size>` per file (UFS names are printed without the `UFS:` prefix, as in
 * the Quectel FILE manual's example; the commands accept both forms) then `OK`.
 * `AT+QFLDS="UFS"` prints `+QFLDS: <free_size>,<total_size>`; `AT+QFLDS` prints
 * `+QFLDS: <used_size>,<file_count>`. Parameter syntax errors give `ERROR`.
 */
class QuectelFileCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelFileCommands();
    ~QuectelFileCommands() override;

    void Install(Ptr<LpwaModule> module) override;

    /// Default `<file_size>` of `AT+QFUPL`, in bytes.
    static constexpr uint32_t DEFAULT_UPLOAD_SIZE = 10240;
    /// Default `<timeout>` of `AT+QFUPL`, in seconds.
    static constexpr uint32_t DEFAULT_UPLOAD_TIMEOUT = 5;

  protected:
    void DoDispose() override;

  private:
    /// \brief Handle `AT+QFUPL`. \param command the command
    void HandleQfupl(const AtCommand& command);
    /// \brief Handle `AT+QFDEL`. \param command the command
    void HandleQfdel(const AtCommand& command);
    /// \brief Handle `AT+QFLST`. \param command the command
    void HandleQflst(const AtCommand& command);
    /// \brief Handle `AT+QFLDS`. \param command the command
    void HandleQflds(const AtCommand& command);
    /**
     * \brief End an upload: save the data and answer.
     * \param name the file name
     * \param end how the input ended
     * \param data the bytes received
     */
    void UploadDone(const std::string& name, AtEngine::InputEnd end, const std::string& data);

    Ptr<LpwaModule> m_module; //!< the module
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_FILE_COMMANDS_H
