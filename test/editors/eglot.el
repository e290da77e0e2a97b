;;; eglot.el --- Emacs 28 + eglot as a client of haproxy-bitbucket-language-server -*- lexical-binding: t -*-

;; Run by test/editors/editors.test.ts:
;;   emacs --batch -l test/editors/eglot.el
;; (not -Q: that would skip Debian's elpa path where eglot lives) with
;;   HB_NODE    the node executable
;;   HB_SERVER  <repo>/bin/haproxy-bitbucket-language-server.js
;;   HB_ROOT    a copy of the fixture workspace
;;   HB_FILES   file names under HB_ROOT, separated by ":"
;;   HB_OUT     where to write the result: {"files":[{"path","mode","diagnostics":[...]}]}
;; The mode and eglot set-up is what an Emacs user puts in init.el.

(require 'package)
(package-initialize)
(require 'eglot)
(require 'json)
(require 'project)

(defvar hb-node (getenv "HB_NODE"))
(defvar hb-server (getenv "HB_SERVER"))
(defvar hb-root (file-name-as-directory (getenv "HB_ROOT")))
(defvar hb-files (split-string (getenv "HB_FILES") ":" t))
(defvar hb-out (getenv "HB_OUT"))

;; --- user configuration -----------------------------------------------------------
(define-derived-mode haproxy-mode conf-space-mode "HAProxy"
  "Major mode for HAProxy configuration files.")
(define-derived-mode bitbucket-properties-mode conf-javaprop-mode "Bitbucket"
  "Major mode for Bitbucket's bitbucket.properties.")
(add-to-list 'auto-mode-alist '("haproxy[^/]*\\.cfg\\'" . haproxy-mode))
(add-to-list 'auto-mode-alist '("/haproxy/[^/]*\\.cfg\\'" . haproxy-mode))
(add-to-list 'auto-mode-alist '("bitbucket\\.properties\\'" . bitbucket-properties-mode))
;; eglot sends the mode name without "-mode" as the language id: "haproxy" and
;; "bitbucket-properties", the ids the server expects.
(add-to-list 'eglot-server-programs `(haproxy-mode . (,hb-node ,hb-server "--stdio")))
(add-to-list 'eglot-server-programs `(bitbucket-properties-mode . (,hb-node ,hb-server "--stdio")))
;; --- end of user configuration ----------------------------------------------------

;; Batch mode: connect synchronously, and treat the fixture folder as the project (no VCS).
(setq eglot-sync-connect t
      eglot-autoshutdown t
      eglot-events-buffer-size 0)
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient hb-root)))

(defun hb-diagnostic (d)
  (let ((beg (flymake-diagnostic-beg d))
        (end (flymake-diagnostic-end d)))
    `((line . ,(1- (line-number-at-pos beg)))
      (col . ,(save-excursion (goto-char beg) (- beg (line-beginning-position))))
      (end_line . ,(1- (line-number-at-pos end)))
      (end_col . ,(save-excursion (goto-char end) (- end (line-beginning-position))))
      (type . ,(symbol-name (flymake-diagnostic-type d)))
      (text . ,(flymake-diagnostic-text d)))))

(defun hb-run ()
  (let (files)
    (dolist (name hb-files)
      (find-file (expand-file-name name hb-root))
      (eglot-ensure)
      ;; eglot-ensure connects from post-command-hook, which batch mode never runs.
      (run-hooks 'post-command-hook)
      (let ((deadline (+ (float-time) 20)))
        (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
          (accept-process-output nil 0.05)))
      (unless (flymake-diagnostics)
        (error "No diagnostics for %s within 20 s" name))
      (push `((path . ,name)
              (mode . ,(symbol-name major-mode))
              (diagnostics . ,(vconcat (mapcar #'hb-diagnostic
                                              (sort (flymake-diagnostics)
                                                    (lambda (a b) (< (flymake-diagnostic-beg a)
                                                                     (flymake-diagnostic-beg b))))))))
            files))
    `((files . ,(vconcat (nreverse files))))))

(let ((result (condition-case err
                  (hb-run)
                (error `((error . ,(error-message-string err)))))))
  (with-temp-file hb-out (insert (json-encode result)))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs (if (assq 'error result) 1 0)))
