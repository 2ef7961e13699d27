package org.opensirelay.admin;

import java.util.List;

import org.opensirelay.access.AdminProblemException;
import org.opensirelay.database.Backups;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups of the embedded database while the relay runs ({@code /api/backups}, admin token): each one
 * archive with the database and the key files it needs ({@link Backups}).
 */
@RestController
@RequestMapping("/api/backups")
class BackupAdminController {

    private final Backups backups;

    BackupAdminController(Backups backups) {
        this.backups = backups;
    }

    /** Writes a backup now and says where, and what it holds. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Backups.Backup backUp() {
        requireEmbedded();
        return backups.backUpNow();
    }

    /** The backups in the data directory, newest first. */
    @GetMapping
    List<Backups.Backup> list() {
        requireEmbedded();
        return backups.list();
    }

    private void requireEmbedded() {
        if (!backups.supported()) {
            throw new AdminProblemException(
                    409,
                    "NOT_EMBEDDED",
                    "the relay runs on PostgreSQL: back it up with pg_dump or the"
                            + " server's own backups; /api/backups copies the embedded H2 database");
        }
    }
}
